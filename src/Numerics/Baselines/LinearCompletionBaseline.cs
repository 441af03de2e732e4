using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Numerics.Baselines;

/// <summary>
/// RC20's "linear" tensor-completion baseline (theory.md §4.2, NN-E2): the observed entries, zeros elsewhere. It is
/// where gradient descent on the raw tensor (the linear model 𝒲 itself) from zero init converges: the loss gradient
/// vanishes off Ω, so those entries never move, and each observed entry converges to its value. Its CP rank is high
/// (RC20's estimate ≈ 12–17 at order 3, 40–52 at order 4 until every entry is observed).
/// </summary>
public static class LinearCompletionBaseline
{
    /// <summary>The completed tensor in C order: values at the observed linear indices, 0 elsewhere.</summary>
    public static double[] Complete(TensorShape shape, int[] observedLinearIndices, double[] values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ObservedEntries.Validate(shape.Size, $"a tensor of shape {shape}", observedLinearIndices, values, i => DescribeEntry(shape, i));
        var completed = new double[shape.Size];
        for (int e = 0; e < observedLinearIndices.Length; e++) completed[observedLinearIndices[e]] = values[e];
        return completed;
    }

    private static string DescribeEntry(TensorShape shape, int linear)
    {
        var index = new int[shape.Order];
        shape.MultiIndex(linear, index);
        return $"entry ({string.Join(", ", index)})";
    }
}
