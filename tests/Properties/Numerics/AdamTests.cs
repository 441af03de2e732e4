using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Properties.Numerics;

/// <summary>
/// Adam with PyTorch's semantics (TF-E3's optimizer, theory.md §5.2): a hand-computed three-step example, the
/// bias-corrected formula θ −= lr·m̂/(√v̂ + ε) on random gradient sequences, the first step lr·sign(g) at ε = 0, the
/// state (m, v) as a checkpoint that resumes bit-identically, and the nominal step lr (τ = k·lr).
/// </summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class AdamTests
{
    [Fact]
    public void ThreeStepsMatchTheHandComputedExample()
    {
        // lr 0.1, β = (0.9, 0.999), ε = 1e-8, θ_0 = 1, g = 2, −1, 0.5 (values from exact decimal arithmetic).
        var adam = new Adam(1, lr: 0.1);
        double[] theta = [1];
        double[] expectedTheta = [0.900000000499999997, 0.873366296702431358, 0.839323382138942472];
        double[] expectedM = [0.2, 0.08, 0.122], expectedV = [0.004, 0.004996, 0.005241004];
        double[] gradients = [2, -1, 0.5];
        for (int k = 1; k <= 3; k++)
        {
            Assert.Equal(0.1, adam.Step(theta, [gradients[k - 1]], k));
            Assert.Equal(expectedTheta[k - 1], theta[0], 1e-15);
            Assert.Equal(expectedM[k - 1], adam.FirstMoment[0], 1e-15);
            Assert.Equal(expectedV[k - 1], adam.SecondMoment[0], 1e-15);
        }
    }

    [Fact]
    public void TheFirstStepWithoutEpsilonIsLrTimesTheSignOfTheGradient()
    {
        var adam = new Adam(4, lr: 0.01, eps: 0);
        double[] theta = [1, 2, 3, 4];
        adam.Step(theta, [3, -1e-9, 1e6, -7], 1);
        Assert.Equal([0.99, 2.01, 2.99, 4.01], theta);
    }

    [Fact]
    public void WithEpsilonHatTheStepIsTensorFlowsFormula()
    {
        // tf.keras.optimizers.Adam (the H24 code's): α_k = lr·√(1 − β2^k)/(1 − β1^k), θ −= α_k·m/(√v + ε), ε = 1e-7;
        // at gradients ≪ ε the step is lr·g/ε after the warm-up, ten times smaller than PyTorch's at its ε = 1e-8.
        const double lr = 5e-4, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        var keras = new Adam(1, lr, eps: eps, epsilonHat: true);
        double[] theta = [0.3], gradients = [2e-9, -1e-8, 4e-9, 1e-6, -3e-7];
        double expected = 0.3, m = 0, v = 0;
        for (int k = 1; k <= gradients.Length; k++)
        {
            double g = gradients[k - 1];
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            expected -= lr * Math.Sqrt(1 - Math.Pow(b2, k)) / (1 - Math.Pow(b1, k)) * m / (Math.Sqrt(v) + eps);
            keras.Step(theta, [g], k);
            Assert.Equal(expected, theta[0], 1e-16);
        }
        Assert.EndsWith("eps=1E-07, eps-hat)", keras.Name);
        Assert.DoesNotContain("eps-hat", new Adam(1).Name);   // PyTorch's placement keeps its old name (checkpoints)
    }

    private static Arbitrary<(int Dimension, int Steps, int Seed, double Lr)> Sequences() =>
        (from dimension in Gen.Choose(1, 20)
         from steps in Gen.Choose(1, 30)
         from seed in Gen.Choose(0, 1_000_000)
         from lr in Gen.Elements(1e-4, 5e-4, 1e-2, 0.3)
         select (dimension, steps, seed, lr)).ToArbitrary();

    [Property]
    public Property FollowsTheBiasCorrectedFormula() => Prop.ForAll(Sequences(), c =>
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var random = new Gaussian(c.Seed);
        var theta = new double[c.Dimension];
        random.Fill(theta, 1);
        var reference = (double[])theta.Clone();
        double[] m = new double[c.Dimension], v = new double[c.Dimension], g = new double[c.Dimension];
        var adam = new Adam(c.Dimension, c.Lr);
        double worst = 0;
        for (int k = 1; k <= c.Steps; k++)
        {
            random.Fill(g, Math.Pow(10, random.NextInt(7) - 3));
            adam.Step(theta, g, k);
            for (int i = 0; i < c.Dimension; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(b1, k)), vHat = v[i] / (1 - Math.Pow(b2, k));
                reference[i] -= c.Lr * mHat / (Math.Sqrt(vHat) + eps);
                worst = Math.Max(worst, Math.Abs(theta[i] - reference[i]) / Math.Max(1, Math.Abs(reference[i])));
            }
        }
        return (worst <= 1e-13).Label($"largest relative difference {worst:0.0e+0}");
    });

    [Property]
    public Property StateResumesBitIdentically() => Prop.ForAll(Sequences(), c =>
    {
        var gradients = new double[2 * c.Steps][];
        var random = new Gaussian(c.Seed);
        for (int k = 0; k < gradients.Length; k++)
        {
            gradients[k] = new double[c.Dimension];
            random.Fill(gradients[k], 1);
        }
        var whole = new Adam(c.Dimension, c.Lr);
        var first = new Adam(c.Dimension, c.Lr);
        double[] a = new double[c.Dimension], b = new double[c.Dimension];
        for (int k = 1; k <= c.Steps; k++)
        {
            whole.Step(a, gradients[k - 1], k);
            first.Step(b, gradients[k - 1], k);
        }
        var state = new double[first.StateLength];
        first.WriteState(state);
        var resumed = new Adam(c.Dimension, c.Lr);
        resumed.ReadState(state);
        for (int k = c.Steps + 1; k <= 2 * c.Steps; k++)
        {
            whole.Step(a, gradients[k - 1], k);
            resumed.Step(b, gradients[k - 1], k);
        }
        return a.AsSpan().SequenceEqual(b) && state.Length == 2 * c.Dimension;
    });

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(3, lr: 0)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(3, beta2: 1)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(1).Step(new double[1], new double[1], 0)).ParamName);
        Assert.Contains("2 values", Assert.Throws<ArgumentException>(() => new Adam(1).ReadState(new double[3])).Message);
        Assert.Equal("Adam(lr=0.0005, betas=(0.9, 0.999), eps=1E-08)", new Adam(1, 5e-4).Name);
    }
}
