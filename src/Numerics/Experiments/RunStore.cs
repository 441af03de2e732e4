using System.Text.Json;
using System.Text.Json.Serialization;
using ImplicitReg.Numerics.IO;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>
/// The runs of a sweep on disk, under the experiment's work folder: <c>runs/KEY/</c> holds a finished run
/// (result.json, trajectory.npy, trajectory.csv, theta.npy — written beside and renamed into place, so the folder
/// exists only complete) and <c>runs/KEY.checkpoint/</c> the latest checkpoint of a run in progress
/// (<see cref="SimulationState"/>). Cached post-processing results (CP-rank estimates, baselines) go to
/// <c>steps/KEY.json</c>, written atomically.
/// </summary>
public sealed class RunStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record Scalars(string Key, StopReason Reason, long Iteration, double Time, double Loss, string Message, string[] Columns, int Rows, int Parameters);

    public RunStore(string directory) : this(directory, writable: true) { }

    private RunStore(string directory, bool writable)
    {
        Directory = Path.GetFullPath(directory);
        if (!writable) return;
        System.IO.Directory.CreateDirectory(RunsDirectory);
        RecoverInterruptedWrites();
    }

    /// <summary>Another experiment's work folder, only read (finished runs offered for reuse); nothing in it is created or repaired.</summary>
    public static RunStore ReadOnly(string directory) => new(directory, writable: false);

    /// <summary>
    /// Repairs what a killed run can leave in <c>runs/</c>: a checkpoint swap cut in the middle is undone
    /// (<see cref="SimulationState.RecoverInterruptedSave"/>) and half-written finished-run folders
    /// (KEY.GUID.tmp; the run itself is still in its checkpoint) are deleted. The store is opened before any run starts.
    /// </summary>
    private void RecoverInterruptedWrites()
    {
        var bases = System.IO.Directory.GetDirectories(RunsDirectory)
            .Select(d => SimulationState.SaveLeftoverTarget(Path.GetFileName(d)))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var name in bases) SimulationState.RecoverInterruptedSave(Path.Combine(RunsDirectory, name));
    }

    public string Directory { get; }
    public string RunsDirectory => Path.Combine(Directory, "runs");
    public string StepsDirectory => Path.Combine(Directory, "steps");

    public string RunDirectory(string key) => Path.Combine(RunsDirectory, key);
    private string CheckpointDirectory(string key) => Path.Combine(RunsDirectory, key + ".checkpoint");

    public RunRecord? TryLoadFinished(string key)
    {
        var dir = RunDirectory(key);
        var path = Path.Combine(dir, "result.json");
        if (!File.Exists(path)) return null;
        var s = JsonSerializer.Deserialize<Scalars>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path}: empty.");
        if (s.Key != key) throw new InvalidDataException($"{path}: holds run '{s.Key}', expected '{key}'.");
        var trajectory = new Trajectory(s.Columns, Math.Max(1, s.Rows));
        trajectory.AddRows(Npy.ReadFloat64(Path.Combine(dir, "trajectory.npy"), [s.Rows, s.Columns.Length]));
        var theta = Npy.ReadFloat64(Path.Combine(dir, "theta.npy"), [s.Parameters]);
        return new RunRecord(key, trajectory, s.Reason, s.Iteration, s.Time, s.Loss, s.Message, theta);
    }

    public void SaveFinished(RunRecord record)
    {
        var target = RunDirectory(record.Key);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        System.IO.Directory.CreateDirectory(temp);
        try
        {
            var t = record.Trajectory;
            var scalars = new Scalars(record.Key, record.Reason, record.Iteration, record.Time, record.Loss, record.Message, [.. t.Columns], t.RowCount, record.FinalTheta.Length);
            Npy.Write(Path.Combine(temp, "trajectory.npy"), t.Data, [t.RowCount, t.Columns.Count]);
            CsvTable.Write(Path.Combine(temp, "trajectory.csv"), t);
            Npy.Write(Path.Combine(temp, "theta.npy"), record.FinalTheta);
            var json = JsonSerializer.SerializeToUtf8Bytes(scalars, Json);
            AtomicFile.Write(Path.Combine(temp, "result.json"), s => s.Write(json));
            if (System.IO.Directory.Exists(target)) System.IO.Directory.Delete(target, recursive: true);
            System.IO.Directory.Move(temp, target);
        }
        catch
        {
            if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
            throw;
        }
        var checkpoint = CheckpointDirectory(record.Key);
        if (System.IO.Directory.Exists(checkpoint)) System.IO.Directory.Delete(checkpoint, recursive: true);
    }

    public SimulationState? TryLoadCheckpoint(string key)
    {
        var dir = CheckpointDirectory(key);
        return System.IO.Directory.Exists(dir) ? SimulationState.Load(dir) : null;
    }

    public void SaveCheckpoint(string key, SimulationState state) => state.Save(CheckpointDirectory(key));

    public bool TryLoadStep<T>(string key, out T value)
    {
        var path = StepPath(key);
        if (!File.Exists(path))
        {
            value = default!;
            return false;
        }
        value = JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path}: empty.");
        return true;
    }

    public void SaveStep<T>(string key, T value)
    {
        System.IO.Directory.CreateDirectory(StepsDirectory);
        var json = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        AtomicFile.Write(StepPath(key), s => s.Write(json));
    }

    private string StepPath(string key) => Path.Combine(StepsDirectory, key + ".json");
}
