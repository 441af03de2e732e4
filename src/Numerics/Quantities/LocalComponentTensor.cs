using System.Numerics.Tensors;
using ImplicitReg.Numerics.Models;

namespace ImplicitReg.Numerics.Quantities;

/// <summary>
/// Δ^(ν,r) (RMC22; theory.md §6.1, §8.1 E): the end tensor after normalizing the K_ν vectors of local component
/// (ν, r) — the columns W^(c)_{:,r}, c ∈ C(ν), and the row W^(ν)_{r,:} — and zeroing the rows r' ≠ r of W^(ν).
/// Then 𝒲_H = Σ_r σ_H^(ν,r) Δ^(ν,r) (HTF-3) and γ_{ν,r} = ⟨−∇ℒ(𝒲_H), Δ^(ν,r)⟩ drives σ_H^(ν,r) (HTF-1/2).
/// Convention: a zero vector is left zero, so Δ^(ν,r) = 0 when σ_H^(ν,r) = 0 (HTF-3 is unaffected).
/// Owns a θ copy; allocation-free after construction; not thread-safe (uses the model's scratch).
/// </summary>
public sealed class LocalComponentTensor
{
    private readonly HierarchicalTensorFactorization _model;
    private readonly double[] _theta;
    private readonly double[] _delta;

    public LocalComponentTensor(HierarchicalTensorFactorization model)
    {
        _model = model;
        _theta = new double[model.Layout.Size];
        _delta = new double[model.EndShape.Size];
    }

    /// <summary>Δ^(ν,r) in C order into <paramref name="delta"/> (length EndShape.Size).</summary>
    public void Compute(ReadOnlySpan<double> theta, int node, int r, Span<double> delta)
    {
        _model.RequireComponent(node, r);
        theta[.._theta.Length].CopyTo(_theta);
        var tree = _model.Tree;
        int rNu = _model.Width(node), rPa = _model.ParentWidth(node);
        var children = tree.Children(node);
        for (int j = 0; j < children.Count; j++)
        {
            int c = children[j];
            var w = _model.Weight(_theta.AsSpan(), c);
            int rows = _model.Width(c);
            double s = 0;
            for (int i = 0; i < rows; i++) s += w[i * rNu + r] * w[i * rNu + r];
            if (s == 0) continue;
            double inv = 1 / Math.Sqrt(s);
            for (int i = 0; i < rows; i++) w[i * rNu + r] *= inv;
        }
        var own = _model.Weight(_theta.AsSpan(), node);
        var row = own.Slice(r * rPa, rPa);
        double n2 = TensorPrimitives.Dot(row, row);
        if (n2 != 0) TensorPrimitives.Multiply(row, 1 / Math.Sqrt(n2), row);
        own[..(r * rPa)].Clear();
        own[((r + 1) * rPa)..].Clear();
        _model.End(_theta, delta);
    }

    /// <summary>γ_{ν,r} = ⟨−∇ℒ, Δ^(ν,r)⟩ for a given end-tensor gradient ∇ℒ(𝒲_H).</summary>
    public double Gamma(ReadOnlySpan<double> theta, int node, int r, ReadOnlySpan<double> endGradient)
    {
        Compute(theta, node, r, _delta);
        return -TensorPrimitives.Dot(endGradient[.._delta.Length], _delta);
    }
}
