using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImplicitReg.Cli.Reproduction;
using ImplicitReg.Numerics.Experiments;
using ImplicitReg.Numerics.Gpu;

namespace ImplicitReg.Cli.Commands;

/// <summary>
/// `implicitreg reproduce ID [--quick | --full] [--seed S] [--out DIR] [--resume]` and `reproduce --list`: one of
/// the papers' experiments (theory.md §3.2, §4.2, §5.2, §6.3, §7.2) with its runs in parallel, checkpoints, figures
/// and expected-outcome checks. Writes into DIR.partial and renames it to DIR only at the end; a run stopped at any
/// moment (Ctrl-C or kill) continues with --resume and ends with the result of an uninterrupted one.
/// Exit codes: 0 every expected outcome held, 1 one did not, 2 bad input, 130 interrupted (resumable).
/// </summary>
public static class ReproduceCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "Experiment id (see --list), e.g. TF-E1.", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the experiments with their paper figures." };
        var quick = new Option<bool>("--quick") { Description = "The scaled-down configuration (the default): seconds to a minute." };
        var full = new Option<bool>("--full") { Description = "The paper's configuration (theory.md); can take hours, resumable." };
        var seed = new Option<int>("--seed") { Description = "Seed of targets, observations and initializations.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (default reproductions/ID-SCALE-seedS; must not exist yet)." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from OUT.partial." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Runs in parallel (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var data = new Option<string?>("--data") { Description = "Folder with the image data (mnist/, fashion-mnist/) for TF-E3; default ../shared/data." };
        var every = new Option<double>("--checkpoint-seconds") { Description = "Seconds between checkpoints of each run.", DefaultValueFactory = _ => 30 };
        var set = new Option<string[]>("--set") { Description = "Override a field of the configuration (as config.json writes it): --set orders=[3] (repeatable; values are JSON).", AllowMultipleArgumentsPerToken = true };
        var reuse = new Option<string?>("--reuse") { Description = "Load the finished runs of another output folder of the same scale and seed (e.g. MF-E1's for MF-E2, HTF-E1's for HTF-E2) instead of recomputing runs with the same key; each must start where this configuration's run starts (loss and quantities at k = 0)." };
        var device = DeviceOption.Create("Run the sweep's runs on an ILGPU device (auto | cpu | gpu; gpu falls back to the CPU accelerator where there is no CUDA device); runs the device has no program for stay on the managed path.");
        var precision = DeviceOption.CreatePrecision();
        var redraw = new Option<string?>("--redraw") { Description = "Redraw a finished output folder with this build (figures, summary, checks) from its stored runs; nothing is trained, and the folder's own config.json is used." };
        var cmd = new Command("reproduce", "Reproduce a paper experiment: runs, figures (PNG), key numbers (JSON) and expected-outcome checks.")
        {
            id, list, quick, full, seed, output, resume, jobs, data, every, set, reuse, device, precision, redraw,
        };
        cmd.SetAction(p =>
        {
            if (p.GetValue(list)) return List();
            if (p.GetValue(redraw) is { } folder)
            {
                Option[] conflicting = [quick, full, seed, output, resume, set, reuse, device, precision, every];
                if (conflicting.FirstOrDefault(o => p.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"--redraw takes the configuration, scale, seed and device from {folder}; drop {given.Name}.");
                return Redraw(p.GetValue(id), folder, p.GetValue(jobs), p.GetValue(data));
            }
            if (p.GetValue(quick) && p.GetValue(full)) throw new UsageException("--quick and --full exclude each other.");
            var scale = p.GetValue(full) ? ExperimentScale.Full : ExperimentScale.Quick;
            return Run(p.GetValue(id), scale, p.GetValue(seed), p.GetValue(output), p.GetValue(resume), p.GetValue(jobs), p.GetValue(data), p.GetValue(every),
                p.GetValue(set) ?? [], p.GetValue(reuse), DeviceOption.Parse(p.GetValue(device)), DeviceOption.ParsePrecision(p.GetValue(precision)!));
        });
        return cmd;
    }

    private static int List()
    {
        foreach (var e in ExperimentRegistry.All)
        {
            var i = e.Info;
            Console.WriteLine($"{i.Id,-7} {i.Paper,-7} {i.Title}");
            Console.WriteLine($"{"",-15} figure: {i.Figure} (theory.md {i.TheorySection})");
            Console.WriteLine($"{"",-15} --quick: {i.QuickNote}");
        }
        Console.WriteLine();
        Console.WriteLine("--quick (default) runs a scaled-down configuration in seconds to a minute; --full runs the paper's (resumable with --resume).");
        return ExitCodes.Success;
    }

    private static int Run(string? id, ExperimentScale scale, int seed, string? outDir, bool resume, int jobs, string? dataDir, double checkpointSeconds,
        string[] overrides, string? reuseDir, DeviceKind? deviceKind, Precision precision)
    {
        if (id is null) throw new UsageException("give an experiment id, or --list to see them.");
        var experiment = ExperimentRegistry.Find(id)
            ?? throw new UsageException($"unknown experiment '{id}' (known: {string.Join(", ", ExperimentRegistry.All.Select(e => e.Info.Id))}).");
        if (jobs < 1) throw new UsageException($"--jobs must be at least 1, got {jobs}.");
        if (!(checkpointSeconds > 0)) throw new UsageException($"--checkpoint-seconds must be positive, got {checkpointSeconds}.");
        var info = experiment.Info;
        var config = Override(experiment, experiment.Configure(scale, seed), overrides);
        var configDoc = ExperimentOutput.ConfigDocument(experiment, scale, seed, config);

        outDir = Path.GetFullPath(outDir ?? Path.Combine("reproductions", $"{info.Id}-{scale.ToString().ToLowerInvariant()}-seed{seed}"));
        string partial = outDir + ".partial";
        if (Directory.Exists(outDir) || File.Exists(outDir)) throw new UsageException($"--out {outDir} already exists; choose a new folder or delete it.");
        if (resume)
        {
            var stored = Path.Combine(partial, "config.json");
            if (!File.Exists(stored)) throw new UsageException($"--resume: no interrupted run at {partial}.");
            var previous = JsonNode.Parse(File.ReadAllText(stored));
            if (!JsonNode.DeepEquals(previous, configDoc))
                throw new UsageException($"--resume: {stored} holds a different configuration (scale, seed or settings) than {info.Id} --{scale.ToString().ToLowerInvariant()} --seed {seed}.");
            Console.Error.WriteLine($"resuming {info.Id} from {partial}");
        }
        else if (Directory.Exists(partial))
            throw new UsageException($"{partial} exists from an interrupted run: add --resume to continue it, or delete it.");
        if (reuseDir is not null) reuseDir = RequireReusable(Path.GetFullPath(reuseDir), scale, seed);
        Directory.CreateDirectory(partial);
        ExperimentOutput.WriteJson(Path.Combine(partial, "config.json"), configDoc);

        var data = dataDir is not null ? Path.GetFullPath(dataDir) : DefaultDataDirectory();
        var managed = new ManagedRunExecutor(jobs);
        using var device = deviceKind is { } kind ? ComputeDevice.Open(kind, Console.Error) : null;
        IRunExecutor executor = device is null ? managed : new DeviceRunExecutor(device, precision, managed);
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var board = new ProgressBoard();
        var context = new ExperimentContext(partial, executor, board, interrupt.Token, TimeSpan.FromSeconds(checkpointSeconds), data, jobs, reuseDir);
        Console.Error.WriteLine($"{info.Id} ({scale.ToString().ToLowerInvariant()}, seed {seed}) on {executor.Device}: {info.Title}");
        var clock = Stopwatch.StartNew();
        ExperimentOutcome outcome;
        try
        {
            outcome = experiment.Run(config, context);
        }
        catch (OperationCanceledException)
        {
            board.Complete();
            Console.Error.WriteLine($"interrupted; finished runs and checkpoints are in {partial}. Continue with: implicitreg reproduce {info.Id} --{scale.ToString().ToLowerInvariant()} --seed {seed} --out {outDir} --resume");
            return 130;
        }
        catch (ArgumentException ex) when (overrides.Length > 0)
        {
            board.Complete();
            if (!resume) Directory.Delete(partial, recursive: true);
            throw new UsageException($"--set: the configuration is not valid: {ex.Message}");
        }
        catch (ReusedRunMismatchException ex)
        {
            board.Complete();
            if (!resume) Directory.Delete(partial, recursive: true);
            throw new UsageException($"--reuse: {ex.Message} Reuse only a folder made with the same settings (no --set that changes the runs).");
        }
        catch (DataUnavailableException ex)
        {
            board.Complete();
            // Bad input leaves nothing behind: a fresh output folder goes (a resumed one keeps its finished runs).
            if (!resume) Directory.Delete(partial, recursive: true);
            throw new UsageException(ex.Message);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        board.Complete();
        if (reuseDir is not null) Console.Error.WriteLine($"--reuse: {context.ReusedRuns} finished run(s) of {reuseDir} used (each starts where this configuration's run starts)");
        ExperimentOutput.WriteAll(partial, experiment, scale, seed, outcome, context.Device, clock.Elapsed);
        Directory.Move(partial, outDir);

        return Report(info, scale, seed, context.Device, clock.Elapsed, outcome, outDir);
    }

    private static int Report(ExperimentInfo info, ExperimentScale scale, int seed, string device, TimeSpan elapsed, ExperimentOutcome outcome, string outDir)
    {
        Console.WriteLine($"{info.Id} ({scale.ToString().ToLowerInvariant()}, seed {seed}, {device}, {elapsed.TotalSeconds:0.0} s): {outcome.Expectations.Count(e => e.Passed)} of {outcome.Expectations.Count} expected outcomes hold");
        foreach (var e in outcome.Expectations)
        {
            Console.WriteLine($"  {(e.Passed ? "✓" : "✗")} {e.Name}");
            Console.WriteLine($"      expected: {e.Expected}");
            Console.WriteLine($"      measured: {e.Measured}");
        }
        Console.WriteLine($"wrote {outDir}: summary.json, config.json, {string.Join(", ", outcome.Figures.Select(f => f.FileName).Concat(outcome.Tables.Select(t => t.Name + ".csv")))}, runs/");
        return outcome.Passed ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    /// <summary>
    /// Redraws a finished output folder with this build: the experiment runs over the folder's own configuration with
    /// <see cref="ExperimentContext.FinishedOnly"/> (every run is loaded, nothing trained), and its checks, summary.json,
    /// tables and figures are rewritten in place, each file atomically; config.json, run.json (the original wall time
    /// and device) and runs/ are left as they are. For figures drawn anew after a renderer change.
    /// </summary>
    private static int Redraw(string? id, string directory, int jobs, string? dataDir)
    {
        directory = Path.GetFullPath(directory);
        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath)) throw new UsageException($"--redraw: {directory} is not a reproduce output folder (no config.json).");
        if (jobs < 1) throw new UsageException($"--jobs must be at least 1, got {jobs}.");
        JsonNode? doc;
        try { doc = JsonNode.Parse(File.ReadAllText(configPath)); }
        catch (JsonException ex) { throw new UsageException($"--redraw: {configPath}: {ex.Message}"); }
        string? experimentId = doc?["experiment"]?.GetValue<string>(), scaleText = doc?["scale"]?.GetValue<string>();
        int? seed = doc?["seed"]?.GetValue<int>();
        if (experimentId is null || seed is null || doc?["config"] is not JsonObject configNode || scaleText is not ("quick" or "full"))
            throw new UsageException($"--redraw: {configPath}: expected the fields experiment, scale (quick | full), seed and config.");
        var experiment = ExperimentRegistry.Find(experimentId) ?? throw new UsageException($"--redraw: {configPath}: unknown experiment '{experimentId}'.");
        if (id is not null && !string.Equals(id, experimentId, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--redraw: {directory} holds {experimentId}, not {id}.");
        var scale = scaleText == "full" ? ExperimentScale.Full : ExperimentScale.Quick;
        object config;
        try { config = experiment.Parse(configNode.DeepClone()); }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new UsageException($"--redraw: {configPath}: config: {ex.Message}");
        }
        string device = StoredDevice(directory) ?? "unknown device";

        var data = dataDir is not null ? Path.GetFullPath(dataDir) : DefaultDataDirectory();
        var board = new ProgressBoard();
        var context = new ExperimentContext(directory, new ManagedRunExecutor(jobs), board, dataDirectory: data, parallelism: jobs, finishedOnly: true);
        var clock = Stopwatch.StartNew();
        ExperimentOutcome outcome;
        try { outcome = experiment.Run(config, context); }
        catch (UnfinishedRunException ex)
        {
            board.Complete();
            throw new UsageException($"--redraw: {ex.Message} Redraw draws only finished runs: finish the run first (reproduce --resume on its .partial folder).");
        }
        catch (DataUnavailableException ex)
        {
            board.Complete();
            throw new UsageException(ex.Message);
        }
        board.Complete();
        ExperimentOutput.WriteResults(directory, experiment, scale, seed.Value, outcome, device);
        Console.Error.WriteLine($"redrew {directory} from its finished runs in {clock.Elapsed.TotalSeconds:0.0} s (nothing trained)");
        return Report(experiment.Info, scale, seed.Value, device, clock.Elapsed, outcome, directory);
    }

    /// <summary>The device a finished folder's runs ran on, as its summary.json (else run.json) names it.</summary>
    private static string? StoredDevice(string directory)
    {
        foreach (var name in new[] { "summary.json", "run.json" })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path)) continue;
            try { if (JsonNode.Parse(File.ReadAllText(path))?["device"]?.GetValue<string>() is { } device) return device; }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException) { }
        }
        return null;
    }

    /// <summary>
    /// The configuration with --set PATH=VALUE applied to its JSON form (fields as config.json names them; VALUE is JSON, or a
    /// string); an unknown field or a value of the wrong type is bad input naming the field.
    /// </summary>
    private static object Override(IExperiment experiment, object config, string[] overrides)
    {
        if (overrides.Length == 0) return config;
        var json = experiment.Describe(config);
        foreach (var assignment in overrides)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--set '{assignment}': expected FIELD=VALUE, e.g. --set seeds=3");
            var path = assignment[..eq].Split('.');
            JsonNode? value;
            try { value = JsonNode.Parse(assignment[(eq + 1)..]); }
            catch (JsonException) { value = JsonValue.Create(assignment[(eq + 1)..]); }
            var node = json;
            for (int i = 0; i < path.Length; i++)
            {
                if (node is not JsonObject obj || !obj.ContainsKey(path[i]))
                    throw new UsageException($"--set {string.Join('.', path[..(i + 1)])}: no such field in the {experiment.Info.Id} configuration" +
                        (node is JsonObject o ? $" (fields: {string.Join(", ", o.Select(p => p.Key))})" : ""));
                if (i == path.Length - 1) obj[path[i]] = value;
                else node = obj[path[i]]!;
            }
        }
        try
        {
            return experiment.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--set: {ex.Path?.TrimStart('$', '.') ?? "value"}: {ex.Message}");
        }
    }

    /// <summary>
    /// <paramref name="directory"/> if it is a reproduce output folder of this scale and seed; its finished runs are
    /// offered to the experiment by key, and each is checked to start where this configuration's run starts
    /// (<see cref="ReusedRunCheck"/>).
    /// </summary>
    private static string RequireReusable(string directory, ExperimentScale scale, int seed)
    {
        var config = Path.Combine(directory, "config.json");
        if (!File.Exists(config)) throw new UsageException($"--reuse: {directory} is not a reproduce output folder (no config.json).");
        var node = JsonNode.Parse(File.ReadAllText(config));
        string expectedScale = scale.ToString().ToLowerInvariant();
        if (node?["scale"]?.GetValue<string>() != expectedScale || node?["seed"]?.GetValue<int>() != seed)
            throw new UsageException($"--reuse: {directory} holds a run of scale {node?["scale"]}, seed {node?["seed"]}; this one is {expectedScale}, seed {seed}.");
        return directory;
    }

    private static string? DefaultDataDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data");
            if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

}
