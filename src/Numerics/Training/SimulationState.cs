using System.Text.Json;
using System.Text.Json.Serialization;
using ImplicitReg.Numerics.IO;

namespace ImplicitReg.Numerics.Training;

/// <summary>
/// A checkpoint of a <see cref="TrainingRun"/>: θ_k, k, τ_k, the initial loss and the loss rule's patience
/// counter, the optimizer's name and state (GroupRMSprop's s), the log interval, columns and rows so far.
/// Saved as a folder: state.json (scalars and names; doubles in round-trip form) and theta.npy,
/// optimizer.npy, trajectory.npy ('&lt;f8'). The folder is written beside the target and renamed into place.
/// <paramref name="Context"/> optionally names what the run is (data, model, hyperparameters not in the optimizer's
/// name) so that a resume can refuse another run's checkpoint; absent from files written without it.
/// </summary>
public sealed record SimulationState(
    double[] Theta,
    long Iteration,
    double Time,
    double InitialLoss,
    int ConsecutiveBelow,
    string Optimizer,
    double[] OptimizerState,
    int LogInterval,
    string[] Columns,
    double[] Rows,
    string? Context = null)
{
    public const int FormatVersion = 1;
    private const string StateFile = "state.json", ThetaFile = "theta.npy", OptimizerFile = "optimizer.npy", TrajectoryFile = "trajectory.npy";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record Scalars(int FormatVersion, long Iteration, double Time, double InitialLoss, int ConsecutiveBelow,
        string Optimizer, int LogInterval, string[] Columns, int Parameters, int Rows,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Context = null);

    public void Save(string directory)
    {
        if (Rows.Length % Columns.Length != 0) throw new InvalidOperationException($"{Rows.Length} logged values do not fill rows of {Columns.Length} columns.");
        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(temp);
        try
        {
            int rows = Rows.Length / Columns.Length;
            var scalars = new Scalars(FormatVersion, Iteration, Time, InitialLoss, ConsecutiveBelow, Optimizer, LogInterval, Columns, Theta.Length, rows, Context);
            var json = JsonSerializer.SerializeToUtf8Bytes(scalars, Json);
            AtomicFile.Write(Path.Combine(temp, StateFile), s => s.Write(json));
            Npy.Write(Path.Combine(temp, ThetaFile), Theta);
            Npy.Write(Path.Combine(temp, OptimizerFile), OptimizerState);
            Npy.Write(Path.Combine(temp, TrajectoryFile), Rows, [rows, Columns.Length]);
            if (Directory.Exists(target))
            {
                var old = $"{target}.{Guid.NewGuid():N}.old";
                Directory.Move(target, old);
                Directory.Move(temp, target);
                Directory.Delete(old, recursive: true);
            }
            else Directory.Move(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Repairs what a killed <see cref="Save"/> can leave beside <paramref name="directory"/>. Killed between moving
    /// the previous checkpoint aside (DIR.GUID.old, complete) and moving the new one in, the folder is missing: the
    /// previous checkpoint is moved back (at most one checkpoint interval is lost). Leftover DIR.GUID.tmp folders (may
    /// be incomplete) and DIR.GUID.old folders are deleted. Not for a folder another process is saving to.
    /// </summary>
    public static void RecoverInterruptedSave(string directory)
    {
        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent)) return;
        var name = Path.GetFileName(target);
        var leftovers = Directory.GetDirectories(parent, name + ".*.*")
            .Where(d => IsSaveLeftover(Path.GetFileName(d), name))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!Directory.Exists(target) && leftovers.FirstOrDefault(d => d.EndsWith(".old", StringComparison.Ordinal)) is { } previous)
        {
            Directory.Move(previous, target);
            leftovers.Remove(previous);
        }
        foreach (var leftover in leftovers) Directory.Delete(leftover, recursive: true);
    }

    /// <summary>NAME.GUID.tmp or NAME.GUID.old, GUID in the 32-hex-digit form <see cref="Save"/> writes.</summary>
    internal static bool IsSaveLeftover(string folderName, string name) => SaveLeftoverTarget(folderName) == name;

    /// <summary>NAME for a folder named NAME.GUID.tmp or NAME.GUID.old (what <see cref="Save"/> leaves when killed), else null.</summary>
    internal static string? SaveLeftoverTarget(string folderName)
    {
        const int suffix = 1 + 32 + 4;   // ".GUID" + ".tmp" / ".old"
        if (folderName.Length <= suffix || folderName[^suffix] != '.') return null;
        var rest = folderName[^(suffix - 1)..];
        return (rest.EndsWith(".tmp", StringComparison.Ordinal) || rest.EndsWith(".old", StringComparison.Ordinal)) && rest[..32].All(char.IsAsciiHexDigitLower)
            ? folderName[..^suffix]
            : null;
    }

    public static SimulationState Load(string directory)
    {
        var statePath = Path.Combine(directory, StateFile);
        if (!File.Exists(statePath)) throw new FileNotFoundException($"{directory}: no {StateFile}; not a checkpoint folder.", statePath);
        var s = JsonSerializer.Deserialize<Scalars>(File.ReadAllBytes(statePath), Json)
                ?? throw new InvalidDataException($"{statePath}: empty state.");
        if (s.FormatVersion != FormatVersion) throw new InvalidDataException($"{statePath}: checkpoint format {s.FormatVersion}, this build reads {FormatVersion}.");
        if (s.Columns is not { Length: > 0 }) throw new InvalidDataException($"{statePath}: no columns.");
        var theta = Npy.ReadFloat64(Path.Combine(directory, ThetaFile), [s.Parameters]);
        var optimizer = Npy.ReadFloat64(Path.Combine(directory, OptimizerFile), out var optimizerShape);
        if (optimizerShape.Length != 1) throw new InvalidDataException($"{Path.Combine(directory, OptimizerFile)}: expected a 1-d array.");
        var rows = Npy.ReadFloat64(Path.Combine(directory, TrajectoryFile), [s.Rows, s.Columns.Length]);
        return new SimulationState(theta, s.Iteration, s.Time, s.InitialLoss, s.ConsecutiveBelow, s.Optimizer, optimizer, s.LogInterval, s.Columns, rows, s.Context);
    }
}
