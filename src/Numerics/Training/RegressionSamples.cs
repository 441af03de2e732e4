using ImplicitReg.Numerics.Data;

namespace ImplicitReg.Numerics.Training;

/// <summary>Inputs as multi-index rows (images: one byte per pixel) with one real target each (TF-E3: y ∈ {0, 2}).</summary>
public sealed record RegressionSamples
{
    public RegressionSamples(LabelledImages inputs, double[] targets)
    {
        if (targets.Length != inputs.Count) throw new ArgumentException($"{targets.Length} targets for {inputs.Count} inputs.", nameof(targets));
        if (inputs.Count == 0) throw new ArgumentException("No samples.", nameof(inputs));
        if (targets.Any(t => !double.IsFinite(t))) throw new ArgumentException("A target is not finite.", nameof(targets));
        Inputs = inputs;
        Targets = targets;
    }

    public LabelledImages Inputs { get; }
    public double[] Targets { get; }
    public int Count => Targets.Length;
}
