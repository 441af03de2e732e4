namespace ImplicitReg.Numerics.Experiments.TensorFactorization;

/// <summary>Reported by a TF-E3 run at every logged epoch.</summary>
public readonly record struct TfE3Progress(int Rank, int Epochs, TfE3Row Row);
