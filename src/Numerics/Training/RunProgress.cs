namespace ImplicitReg.Numerics.Training;

/// <summary>Reported at every logged row.</summary>
public readonly record struct RunProgress(long Iteration, double Time, double Loss);
