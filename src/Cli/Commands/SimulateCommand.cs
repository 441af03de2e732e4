using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImplicitReg.Cli.Config;
using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Numerics.IO;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Cli.Commands;

/// <summary>
/// `implicitreg simulate CONFIG --out DIR`: one configured simulation. Writes into DIR.partial and renames
/// it to DIR only when the run has ended, so DIR is never partial. Checkpoints go to DIR.partial/checkpoint
/// every --checkpoint-seconds and on Ctrl-C; `--resume` continues from there, bit-identically.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "Simulation configuration, JSON or TOML (README: Configuration)." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (must not exist yet).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from OUT.partial/checkpoint." };
        var every = new Option<double>("--checkpoint-seconds") { Description = "Seconds between checkpoints.", DefaultValueFactory = _ => 30 };
        var set = new Option<string[]>("--set") { Description = "Override a field: --set optimizer.lr=0.01 (repeatable).", AllowMultipleArgumentsPerToken = true };
        var device = DeviceOption.Create("Run on an ILGPU device (auto | cpu | gpu) instead of the managed C# path.");
        var precision = DeviceOption.CreatePrecision();
        var cmd = new Command("simulate", "Run one configured simulation; write trajectory (CSV, .npy), θ and a JSON summary.") { config, output, resume, every, set, device, precision };
        cmd.SetAction(p => Run(p.GetValue(config)!, p.GetValue(output)!, p.GetValue(resume), p.GetValue(every), p.GetValue(set) ?? [],
            DeviceOption.Parse(p.GetValue(device)), DeviceOption.ParsePrecision(p.GetValue(precision)!)));
        return cmd;
    }

    /// <summary>One run on either path: step until done or cancelled, checkpoint, and what the outputs need.</summary>
    private sealed record Runner(Func<IProgress<RunProgress>, CancellationToken, RunResult> Run, Func<SimulationState> Checkpoint,
        Func<Trajectory> Trajectory, Func<double[]> Theta, string Optimizer, string Device);

    private static int Run(string configPath, string outDir, bool resume, double checkpointSeconds, string[] overrides, DeviceKind? deviceKind, Precision precision)
    {
        if (!(checkpointSeconds > 0)) throw new UsageException($"--checkpoint-seconds must be positive, got {checkpointSeconds}.");
        SimulationSpec spec;
        Problem problem;
        try
        {
            var root = ConfigFile.Read(configPath);
            foreach (var o in overrides) root.Override(o);
            spec = SimulationConfig.Read(root);
            problem = new Problem(spec);
        }
        catch (ConfigException ex) { throw new UsageException($"{configPath}: {ex.Message}"); }
        catch (Exception ex) when (ex is ArgumentException or IOException or NpyFormatException or FormatException)
        {
            throw new UsageException($"{configPath}: {ex.Message}");
        }

        outDir = Path.GetFullPath(outDir);
        string partial = outDir + ".partial", checkpointDir = Path.Combine(partial, "checkpoint");
        if (Directory.Exists(outDir) || File.Exists(outDir)) throw new UsageException($"--out {outDir} already exists; choose a new folder.");
        SimulationState? state = null;
        if (resume)
        {
            SimulationState.RecoverInterruptedSave(checkpointDir);
            if (!Directory.Exists(checkpointDir)) throw new UsageException($"--resume: no checkpoint at {checkpointDir}.");
            try { state = SimulationState.Load(checkpointDir); }
            catch (Exception ex) when (ex is IOException or NpyFormatException or JsonException or InvalidDataException)
            {
                throw new UsageException($"--resume: the checkpoint at {checkpointDir} cannot be read: {ex.Message}");
            }
        }
        else if (Directory.Exists(partial)) throw new UsageException($"{partial} exists from an interrupted run: use --resume, or delete it.");

        using var device = deviceKind is { } kind ? ComputeDevice.Open(kind, Console.Error) : null;
        using var deviceRun = device is null ? null : NewDeviceRun(device, problem, state, precision, checkpointDir);
        var runner = deviceRun is null ? ManagedRunner(problem, state, checkpointDir) : DeviceRunner(deviceRun, problem, precision);
        if (state is not null) Console.Error.WriteLine($"resuming at k = {state.Iteration}");
        Directory.CreateDirectory(partial);
        File.Copy(configPath, Path.Combine(partial, "config" + (configPath.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) ? ".toml" : ".json")), overwrite: true);
        if (overrides.Length > 0) File.WriteAllLines(Path.Combine(partial, "overrides.txt"), overrides);

        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var progress = new ProgressLine(spec.Run.MaxSteps);
        var clock = Stopwatch.StartNew();
        RunResult result;
        try
        {
            while (true)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(interrupt.Token);
                timer.CancelAfter(TimeSpan.FromSeconds(checkpointSeconds));
                result = runner.Run(progress, timer.Token);
                if (result.Reason != StopReason.Cancelled) break;
                runner.Checkpoint().Save(checkpointDir);
                if (interrupt.IsCancellationRequested)
                {
                    progress.Finish();
                    Console.Error.WriteLine($"interrupted at k = {result.Iteration}; continue with: implicitreg simulate {configPath} --out {outDir} --resume");
                    return 130;
                }
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        progress.Finish();
        WriteOutputs(partial, problem, runner, result, clock.Elapsed);
        if (Directory.Exists(checkpointDir)) Directory.Delete(checkpointDir, recursive: true);
        Directory.Move(partial, outDir);
        Console.WriteLine($"{result.Reason}: {result.Message}");
        if (device is not null) Console.WriteLine($"device: {runner.Device}");
        Console.WriteLine($"wrote {outDir} (trajectory.csv, trajectory.npy, theta.npy, theta0.npy, target.npy, summary.json)");
        return result.Reason == StopReason.Diverged ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    private static Runner ManagedRunner(Problem problem, SimulationState? state, string checkpointDir)
    {
        TrainingRun run;
        try { run = state is null ? problem.NewRun() : problem.Resume(state); }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--resume: the checkpoint at {checkpointDir} does not fit this configuration: {ex.Message}");
        }
        return new Runner((progress, token) => run.Run(progress, token), run.Checkpoint, () => run.Recorder.Trajectory, () => run.Simulation.Theta.ToArray(),
            run.Simulation.Optimizer.Name, "cpu (managed)");
    }

    private static DeviceRun NewDeviceRun(ComputeDevice device, Problem problem, SimulationState? state, Precision precision, string checkpointDir)
    {
        try { return new DeviceRun(device, [DeviceProblem.From(problem, state)], precision); }
        catch (ArgumentException ex) when (state is not null)
        {
            throw new UsageException($"--resume: the checkpoint at {checkpointDir} does not fit this configuration: {ex.Message}");
        }
        catch (ArgumentException ex) { throw new UsageException($"--device: {ex.Message}"); }
        catch (DeviceMemoryException ex) { throw new UsageException($"--device: {ex.Message}"); }
    }

    private static Runner DeviceRunner(DeviceRun run, Problem problem, Precision precision) =>
        new((progress, token) => run.Run((_, p) => progress.Report(p), token)[0], () => run.Checkpoint(0), () => run.Trajectory(0), () => run.Theta(0),
            problem.Spec.Optimizer.Build().Name, precision == Precision.Float32 ? $"{run.Device}, float32" : run.Device);

    private static void WriteOutputs(string dir, Problem problem, Runner run, RunResult result, TimeSpan elapsed)
    {
        var trajectory = run.Trajectory();
        CsvTable.Write(Path.Combine(dir, "trajectory.csv"), trajectory);
        Npy.Write(Path.Combine(dir, "trajectory.npy"), trajectory.Data, [trajectory.RowCount, trajectory.Columns.Count]);
        Npy.Write(Path.Combine(dir, "theta.npy"), run.Theta());
        Npy.Write(Path.Combine(dir, "theta0.npy"), problem.InitialTheta);
        Npy.Write(Path.Combine(dir, "target.npy"), problem.Target, problem.Model.EndShape.Dims.ToArray());
        if (problem.Train.Length > 0)
            Npy.Write(Path.Combine(dir, "train_indices.npy"), problem.Train.Select(i => (long)i).ToArray(), [problem.Train.Length]);
        var summary = new JsonObject
        {
            ["model"] = problem.Model.Name,
            ["end_shape"] = new JsonArray(problem.Model.EndShape.Dims.Select(d => (JsonNode)d).ToArray()),
            ["parameters"] = new JsonArray(problem.Model.Layout.Factors.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name, ["shape"] = new JsonArray(f.Shape.Select(d => (JsonNode)d).ToArray()), ["offset"] = f.Offset,
            }).ToArray()),
            ["optimizer"] = run.Optimizer,
            ["device"] = run.Device,
            ["stop_reason"] = result.Reason.ToString(),
            ["message"] = result.Message,
            ["iterations"] = result.Iteration,
            ["tau"] = result.Time,
            ["final_loss"] = result.Loss,
            ["columns"] = new JsonArray(trajectory.Columns.Select(c => (JsonNode)c).ToArray()),
            ["rows"] = trajectory.RowCount,
            ["wall_seconds"] = elapsed.TotalSeconds,
        };
        var path = Path.Combine(dir, "summary.json");
        AtomicFile.Write(path, s =>
        {
            using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true });
            summary.WriteTo(w);
        });
    }
}
