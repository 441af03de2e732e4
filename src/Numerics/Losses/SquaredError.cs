namespace ImplicitReg.Numerics.Losses;

/// <summary>The scalar part shared by every squared-error loss: value and dℒ/drᵢ under a normalization.</summary>
internal static class SquaredError
{
    public static double Scale(LossNormalization n, int m) => n == LossNormalization.Mean ? 1.0 / m : 0.5;

    /// <summary>dℒ/drᵢ = 2rᵢ/m (mean) or rᵢ (half-sum).</summary>
    public static double ResidualWeight(LossNormalization n, int m) => n == LossNormalization.Mean ? 2.0 / m : 1.0;
}
