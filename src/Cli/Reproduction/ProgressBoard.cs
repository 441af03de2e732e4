using System.Diagnostics;
using System.Globalization;
using ImplicitReg.Numerics.Experiments;

namespace ImplicitReg.Cli.Reproduction;

/// <summary>
/// Progress of a sweep on stderr, fed from several worker threads: on a terminal one line rewritten in place (a bar
/// over the step budgets of all runs, finished runs counted whole, and the most recently reported run); when stderr
/// is redirected, plain lines — one per finished run and at most one every 5 s otherwise.
/// </summary>
public sealed class ProgressBoard : IExperimentProgress
{
    private readonly object _gate = new();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (long Iteration, long Budget, bool Done)> _runs = new(StringComparer.Ordinal);
    private string _stage = "";
    private string _latest = "";
    private double _lastPrinted = double.NegativeInfinity;
    private bool _lineOpen;

    public void Planned(string stage, IReadOnlyList<(string Key, long MaxSteps, bool Done)> runs)
    {
        lock (_gate)
        {
            CloseLine();
            _stage = stage;
            _runs.Clear();
            foreach (var (key, budget, done) in runs) _runs[key] = (done ? budget : 0, Math.Max(1, budget), done);
            int finished = runs.Count(r => r.Done);
            Console.Error.WriteLine($"{stage}: {runs.Count} run{(runs.Count == 1 ? "" : "s")}" + (finished > 0 ? $" ({finished} already finished in the output folder)" : ""));
        }
    }

    public void Report(string key, long iteration, double loss)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(key, out var r)) _runs[key] = (iteration, r.Budget, r.Done);
            _latest = string.Create(CultureInfo.InvariantCulture, $"{key} k={iteration} loss={loss:0.##e+0}");
            double now = _clock.Elapsed.TotalSeconds;
            if (now - _lastPrinted < (_interactive ? 0.1 : 5)) return;
            _lastPrinted = now;
            Print();
        }
    }

    public void Finished(string key, string message)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(key, out var r)) _runs[key] = (r.Budget, r.Budget, true);
            CloseLine();
            Console.Error.WriteLine($"  done {key}: {message}");
            Print();
        }
    }

    public void Note(string message)
    {
        lock (_gate)
        {
            CloseLine();
            Console.Error.WriteLine($"  {message}");
        }
    }

    public void Complete()
    {
        lock (_gate) CloseLine();
    }

    private void Print()
    {
        if (_runs.Count == 0) return;
        double total = _runs.Values.Sum(r => (double)r.Budget);
        double done = _runs.Values.Sum(r => r.Done ? r.Budget : Math.Min(r.Iteration, r.Budget));
        double fraction = total > 0 ? done / total : 1;
        int finished = _runs.Values.Count(r => r.Done);
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{fraction * 100,5:0.0}%  {finished}/{_runs.Count} runs  {_latest}  ({_clock.Elapsed.TotalSeconds:0} s)");
        if (_interactive)
        {
            int filled = (int)(fraction * 30);
            Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {text}   ");
            _lineOpen = true;
        }
        else Console.Error.WriteLine($"progress {_stage}: {text}");
    }

    private void CloseLine()
    {
        if (!_lineOpen) return;
        Console.Error.WriteLine();
        _lineOpen = false;
    }
}
