using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Checks.HierarchicalTensorFactorization;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Tensors;
using ImplicitReg.Properties.Cli;

namespace ImplicitReg.Properties.Claims.HierarchicalTensorFactorization;

/// <summary>HTF-R (theory.md §6.2): the locality regularizer's range, its value for separable networks, its gradients, and the official code.</summary>
[Properties(MaxTest = 40, Replay = Seeds.Replay)]
public class LocalityRegularizerTests
{
    [Property(DisplayName = "HTF-R: the locality regularizer is 1 when the network is separable across the patches (one local component at the root)")]
    public bool LocalityRegularizerIsOneForANetworkSeparableAcrossThePatches(int seed, bool wholeHalves) =>
        HTFR_LocalityRegularizerCheck.OneMinusR(2, 1, wholeHalves ? [0, 1] : [1], wholeHalves ? [2, 3] : [3], 5, seed) <= 1e-12;

    [Property(DisplayName = "HTF-R: the locality regularizer lies in [0, 1] and ignores the scale and sign of the network")]
    public bool LocalityRegularizerLiesInTheUnitIntervalAndIgnoresTheNetworksScale(int seed, byte scale, bool negate)
    {
        var (model, _, end) = HTFR_LocalityRegularizerCheck.Instance(2, 3, seed);
        var reg = new LocalityRegularizer(model.EndShape, [0], [2]);
        var batch = HTFR_LocalityRegularizerCheck.Batch(4, 2, seed + 1);
        double c = (negate ? -1 : 1) * (0.05 + scale / 10.0);
        double r = reg.Value(end, batch), rc = reg.Value(end.Select(w => c * w).ToArray(), batch);
        return r >= 0 && r <= 1 + 1e-12 && Math.Abs(r - rc) <= 1e-12;
    }

    [Property(DisplayName = "HTF-R: ∂𝓡/∂θ through the HTF model's one Backward matches central finite differences", MaxTest = 10)]
    public bool LocalityRegularizerParameterGradientMatchesFiniteDifferences(int seed) =>
        HTFR_LocalityRegularizerCheck.ParameterGradientError(2, seed) < 1e-5;

    [Fact(DisplayName = "HTF-R control: a network that is not separable across the patches has 𝓡 < 1")]
    public void AGenericNetworkHasLocalityRegularizerBelowOne() =>
        Assert.True(HTFR_LocalityRegularizerCheck.OneMinusR(3, 3, [0], [2], 8, 5) > 1e-3);

    [Fact]
    public void PatchJIsTakenFromTheNextSampleCyclically()
    {
        var reg = new LocalityRegularizer(new TensorShape(1, 1, 1), [0], [2]);
        double[][][] batch = [[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]];
        var shuffled = reg.Shuffled(batch);
        Assert.Equal([6.0, 9.0, 3.0], shuffled.Select(x => x[2][0]));
        Assert.Equal([1.0, 4.0, 7.0], shuffled.Select(x => x[0][0]));
    }

    [Fact]
    public void OverlappingPatchesAreRejectedWithTheModesNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new LocalityRegularizer(new TensorShape(2, 2, 2), [0, 1], [1, 2]));
        Assert.Contains("disjoint", e.Message);
    }

    [Fact]
    public void AZeroPatchGradientIsReportedWithTheSample()
    {
        var reg = new LocalityRegularizer(new TensorShape(2, 2), [0], [1]);
        var e = Assert.Throws<ArithmeticException>(() => reg.Value(new double[4], [[[1.0, 0], [0, 1.0]]]));
        Assert.Contains("sample 0", e.Message);
    }

    /// <summary>
    /// The implementation check theory.md asks for: the official trainer's steps (autograd input gradient with
    /// create_graph, patch slice, normalisation, cyclic patch shuffle, mean |cos|, backward), transcribed in
    /// PyTorch, on a CP network f(x) = Σ_r Π_n ⟨w_r^n, x^n⟩, give the same 𝓡 and ∂𝓡/∂θ as ours (model's Backward).
    /// </summary>
    [TorchTheory]
    [InlineData(3, 3, 2, 4, new[] { 0 }, new[] { 2 })]
    [InlineData(4, 2, 3, 5, new[] { 0, 1 }, new[] { 3 })]
    public void TheOfficialTrainersRegularizerInPyTorchAgreesWithOurs(int order, int dim, int rank, int batchSize, int[] patchI, int[] patchJ)
    {
        var cp = new CpFactorization(Enumerable.Repeat(dim, order).ToArray(), rank);
        var g = new Gaussian(order * 100 + dim);
        var theta = new double[cp.Layout.Size];
        g.Fill(theta, 1);
        var batch = Enumerable.Range(0, batchSize).Select(_ => Enumerable.Range(0, order).Select(_ => { var v = new double[dim]; g.Fill(v, 1); return v; }).ToArray()).ToArray();
        var end = new double[cp.EndShape.Size];
        cp.End(theta, end);
        var reg = new LocalityRegularizer(cp.EndShape, patchI, patchJ);
        var endGradient = new double[end.Length];
        double ours = reg.ValueAndGradient(end, batch, endGradient);
        var gradient = new double[theta.Length];
        cp.Backward(theta, endGradient, gradient);

        // Our factor n is R × D row-major; the script takes D × R.
        var factors = new JsonArray(Enumerable.Range(0, order).Select(n =>
        {
            var f = cp.ModeFactor(theta, n).ToArray();
            return (JsonNode)new JsonArray(Enumerable.Range(0, dim).Select(i => (JsonNode)new JsonArray(Enumerable.Range(0, rank).Select(r => (JsonNode)f[r * dim + i]).ToArray())).ToArray());
        }).ToArray());
        var input = new JsonObject
        {
            ["factors"] = factors,
            ["batch"] = JsonSerializer.SerializeToNode(batch),
            ["patch_i"] = JsonSerializer.SerializeToNode(patchI),
            ["patch_j"] = JsonSerializer.SerializeToNode(patchJ),
        };
        var psi = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Claims", "HierarchicalTensorFactorization", "locality_regularizer_reference.py")])
        { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(input.ToJsonString());
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr.Result);
        var result = JsonNode.Parse(stdout)!;
        double theirs = result["value"]!.GetValue<double>();
        var theirGradient = result["gradient"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        Assert.True(Math.Abs(ours - theirs) <= 1e-12, $"𝓡: ours {ours:R}, PyTorch {theirs:R}");
        double worst = 0, scale = theirGradient.Max(Math.Abs);
        for (int n = 0, k = 0; n < order; n++)
        {
            var ourFactor = cp.ModeFactor(gradient, n).ToArray();
            for (int i = 0; i < dim; i++)
                for (int r = 0; r < rank; r++, k++) worst = Math.Max(worst, Math.Abs(ourFactor[r * dim + i] - theirGradient[k]) / scale);
        }
        Assert.True(worst <= 1e-10, $"∂𝓡/∂θ: largest difference relative to the gradient's size {worst:0.0e+0}");
    }
}
