using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Slow, explicit references for CP properties: component tensors entry by entry, end gradients of a loss.</summary>
public static class CpReference
{
    /// <summary>(⊗_n w_r^n)[i_1…i_N] = Π_n w_r^n[i_n], dense in C order.</summary>
    public static double[] ComponentTensor(CpFactorization model, ReadOnlySpan<double> theta, int r)
    {
        var shape = model.EndShape;
        var tensor = new double[shape.Size];
        var index = new int[model.Order];
        for (int k = 0; k < shape.Size; k++)
        {
            shape.MultiIndex(k, index);
            double p = 1;
            for (int n = 0; n < model.Order; n++) p *= model.Vector(theta, r, n)[index[n]];
            tensor[k] = p;
        }
        return tensor;
    }

    public static double Norm(ReadOnlySpan<double> x) => Math.Sqrt(Dot(x, x));

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    /// <summary>∇ℒ(𝒲(θ)) of a model and loss.</summary>
    public static double[] EndGradient(IFactorization model, ILoss loss, ReadOnlySpan<double> theta)
    {
        var end = new double[model.EndShape.Size];
        var gradient = new double[end.Length];
        model.End(theta, end);
        loss.ValueAndGradient(end, gradient);
        return gradient;
    }

    /// <summary>∇φ(θ) = Backward(θ, ∇ℒ(𝒲(θ))).</summary>
    public static double[] Gradient(IFactorization model, ReadOnlySpan<double> theta, ReadOnlySpan<double> endGradient)
    {
        var gradient = new double[model.Layout.Size];
        model.Backward(theta, endGradient, gradient);
        return gradient;
    }
}
