namespace ImplicitReg.Numerics.Data;

/// <summary>TF-E3's data variants (theory.md §5.2; the official code's natural / rnd_lbl / rnd_data).</summary>
public enum TfE3Variant
{
    /// <summary>The images and labels as they are.</summary>
    Original,

    /// <summary>Labels permuted within the training set and within the test set (seeded).</summary>
    RandLabel,

    /// <summary>Every pixel i.i.d. uniform over {0, 1}, labels (so class proportions) kept (seeded).</summary>
    RandImage,
}
