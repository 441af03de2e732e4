using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Gpu;

/// <summary>
/// A device program is the model's forward op list (from the CPU model object) followed by the backward ops that
/// reverse mode derives from it, one adjoint rule per op; recorded quantities with kernels get forward-only programs.
/// </summary>
public sealed class DeviceProgramTests
{
    [Fact]
    public void CpCompletionGradientProgramIsTheForwardOpsThenTheirAdjointsInReverse()
    {
        var model = new CpFactorization([3, 4, 2], 5);
        var loss = new CompletionLoss(model.EndShape, [0, 5, 7, 20], [1, 2, 3, 4], LossNormalization.Mean);
        var ops = DeviceProgram.For(model, loss, []).GradientOps().ToArray();
        OpCode[] forward = [OpCode.Gather, OpCode.Gather, OpCode.Multiply, OpCode.Gather, OpCode.Multiply, OpCode.RowSum, OpCode.SquaredError];
        // dℒ/dv; RowSum → Broadcast; each Multiply → two Multiplies; each Gather → a ScatterAdd into its factor's gradient.
        OpCode[] backward = [OpCode.SquaredErrorAdjoint, OpCode.Broadcast, OpCode.Multiply, OpCode.Multiply, OpCode.ScatterAdd,
            OpCode.Multiply, OpCode.Multiply, OpCode.ScatterAdd, OpCode.ScatterAdd];
        Assert.Equal([.. forward, .. backward], ops);
    }

    [Fact]
    public void DeepMatrixSensingGradientProgramDerivesTheChainRuleOfTheProducts()
    {
        var model = new DeepMatrixFactorization(2, 3, 2);
        var loss = new SensingLoss(model.EndShape, new double[3 * 4], [1, 2, 3], LossNormalization.HalfSum);
        var ops = DeviceProgram.For(model, loss, []).GradientOps().ToArray();
        // W2·W1, then ⟨𝒜, ·⟩ as a product with the measurement matrix; backward: the data matrix has no adjoint, each product two.
        Assert.Equal([OpCode.MatMul, OpCode.MatMul, OpCode.SquaredError, OpCode.SquaredErrorAdjoint, OpCode.MatMul, OpCode.MatMul, OpCode.MatMul], ops);
    }

    [Theory]
    [InlineData("cp", new[] { "component-norms:2" })]
    [InlineData("deep-mf", new[] { "balancedness", "det" })]
    [InlineData("htf", new[] { "local-component-norms:2" })]
    public void RecordedQuantitiesWithKernelsGetDevicePrograms(string kind, string[] onDevice)
    {
        IFactorization model = kind switch
        {
            "cp" => new CpFactorization([2, 3, 2], 3),
            "deep-mf" => new DeepMatrixFactorization(3, 2, 3),
            _ => new HierarchicalTensorFactorization(ModeTree.Checkerboard(4), [2, 2, 2, 2], 2),
        };
        string[] record = kind switch
        {
            "cp" => ["component-norms:2", "balancedness", "reconstruction-error"],
            "deep-mf" => ["balancedness", "det", "singular-values:2", "effective-rank"],
            _ => ["local-component-norms:2", "balancedness", "test-error"],
        };
        var target = new double[model.EndShape.Size];
        int[] test = [1, 2];
        var quantities = record.Select(r => QuantityCatalog.Create(r, model, target, test)).ToArray();
        var loss = new CompletionLoss(model.EndShape, [0, 3], [1, 1], LossNormalization.Mean);
        Assert.Equal(onDevice, DeviceProgram.For(model, loss, quantities).Quantities.Select(q => q.Name));
    }

    [Fact]
    public void ADeviceProgramRefusesAModelItHasNoOpsFor()
    {
        var model = new TuckerFactorization([2, 2], [2, 2]);
        var loss = new CompletionLoss(model.EndShape, [0], [1], LossNormalization.Mean);
        var e = Assert.Throws<ArgumentException>(() => DeviceProgram.For(model, loss, []));
        Assert.Contains("runs deep MF, CP and HTF", e.Message);
    }
}
