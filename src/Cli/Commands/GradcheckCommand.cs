using System.CommandLine;
using System.Globalization;
using ImplicitReg.Cli.Config;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Random;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Cli.Commands;

/// <summary>
/// `implicitreg gradcheck [CONFIG]`: central finite differences (float64) against every model's analytic
/// gradient — the problem of a simulate configuration at θ₀, or (without CONFIG) a built-in set of random
/// instances of every model and loss. Prints a table; exit code 1 when a relative error exceeds --tolerance.
/// </summary>
public static class GradcheckCommand
{
    public static Command Create()
    {
        var config = new Argument<string?>("config") { Description = "A simulate configuration (optional).", Arity = ArgumentArity.ZeroOrOne };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest accepted relative error.", DefaultValueFactory = _ => 1e-6 };
        var coordinates = new Option<int>("--max-coordinates") { Description = "Check at most this many random coordinates per case.", DefaultValueFactory = _ => 2000 };
        var cmd = new Command("gradcheck", "Check analytic gradients against central finite differences.") { config, tolerance, coordinates };
        cmd.SetAction(p => Run(p.GetValue(config), p.GetValue(tolerance), p.GetValue(coordinates)));
        return cmd;
    }

    private static int Run(string? configPath, double tolerance, int maxCoordinates)
    {
        if (!(tolerance > 0)) throw new UsageException($"--tolerance must be positive, got {tolerance}.");
        if (maxCoordinates < 1) throw new UsageException($"--max-coordinates must be ≥ 1, got {maxCoordinates}.");
        var cases = new List<(string Name, Objective Objective, double[] Theta)>();
        if (configPath is not null)
        {
            Problem problem;
            try { problem = new Problem(SimulationConfig.Read(ConfigFile.Read(configPath))); }
            catch (ConfigException ex) { throw new UsageException($"{configPath}: {ex.Message}"); }
            catch (ArgumentException ex) { throw new UsageException($"{configPath}: {ex.Message}"); }
            cases.Add(($"{problem.Model.Name} at θ₀", problem.Objective, problem.InitialTheta));
            var random = new double[problem.InitialTheta.Length];
            new Gaussian(1).Fill(random, 0.5);
            cases.Add(($"{problem.Model.Name} at a random θ", problem.Objective, random));
        }
        else cases.AddRange(BuiltIn());

        int width = cases.Max(c => c.Name.Length);
        Console.WriteLine($"{"case".PadRight(width)}  {"coords",7}  {"rel. error",10}  worst coordinate");
        int failed = 0;
        foreach (var (name, objective, theta) in cases)
        {
            var r = GradientCheck.Run(objective, theta, maxCoordinates: maxCoordinates);
            bool ok = r.Passes(tolerance);
            if (!ok) failed++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name.PadRight(width)}  {r.Coordinates,7}  {r.RelativeError,10:0.0e+0}  {r.WorstFactor}  {(ok ? "✓" : "✗")}"));
        }
        Console.WriteLine($"{cases.Count - failed} passed, {failed} failed (tolerance {tolerance.ToString("0.0e+0", CultureInfo.InvariantCulture)})");
        return failed == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    /// <summary>Small random instances of every model with a completion and a sensing loss.</summary>
    public static IEnumerable<(string Name, Objective Objective, double[] Theta)> BuiltIn()
    {
        IFactorization[] models =
        [
            new DeepMatrixFactorization(3, 4, 2, 3),
            new CpFactorization([3, 2, 4], 3),
            new DeepCpFactorization([2, 3, 2], 2, 2),
            new HierarchicalTensorFactorization(ModeTree.Checkerboard(4), [2, 3, 2, 2], 3),
            new HierarchicalTensorFactorization(ModeTree.FromNested("((0,2),(1,3))"), [2, 2, 3, 2], 2),
            new TuckerFactorization([3, 2, 4], [2, 2, 3]),
            new DeepTuckerFactorization([3, 3, 3], 2),
        ];
        int seed = 0;
        foreach (var model in models)
        {
            foreach (var (lossName, loss) in Losses(model.EndShape, ++seed))
            {
                var theta = new double[model.Layout.Size];
                new Gaussian(seed).Fill(theta, 0.7);
                yield return ($"{model.Name}, {lossName}", new Objective(model, loss), theta);
            }
        }
    }

    private static IEnumerable<(string, ILoss)> Losses(TensorShape shape, int seed)
    {
        var g = new Gaussian(seed);
        int m = Math.Max(1, shape.Size / 2);
        var idx = g.Permutation(shape.Size)[..m];
        var y = new double[m];
        g.Fill(y, 1);
        yield return ("completion (mean)", new CompletionLoss(shape, idx, y, LossNormalization.Mean));
        var a = new double[3 * shape.Size];
        var t = new double[3];
        g.Fill(a, 1);
        g.Fill(t, 1);
        yield return ("sensing (½·sum)", new SensingLoss(shape, a, t, LossNormalization.HalfSum));
    }
}
