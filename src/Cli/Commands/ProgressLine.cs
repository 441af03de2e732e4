using System.Globalization;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Cli.Commands;

/// <summary>
/// Progress of a long run on stderr: one line rewritten in place on a terminal, plain lines (at most one per
/// 10 % of the step budget or per 5 s) when stderr is redirected.
/// </summary>
public sealed class ProgressLine(long totalSteps) : IProgress<RunProgress>
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private double _lastPrinted = double.NegativeInfinity;
    private long _lastDecile = -1;

    public void Report(RunProgress p)
    {
        double fraction = Math.Min(1, (double)p.Iteration / totalSteps);
        long decile = (long)(fraction * 10);
        double now = _clock.Elapsed.TotalSeconds;
        if (_interactive)
        {
            if (now - _lastPrinted < 0.1 && fraction < 1) return;
            _lastPrinted = now;
            int filled = (int)(fraction * 30);
            Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {fraction * 100,5:0.0}%  {Describe(p)}   ");
        }
        else
        {
            if (decile == _lastDecile && now - _lastPrinted < 5) return;
            _lastDecile = decile;
            _lastPrinted = now;
            Console.Error.WriteLine($"progress {fraction * 100:0}%  {Describe(p)}");
        }
    }

    public void Finish()
    {
        if (_interactive) Console.Error.WriteLine();
    }

    private string Describe(RunProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"k={p.Iteration} τ={p.Time:G4} loss={p.Loss:0.###e+0} ({_clock.Elapsed.TotalSeconds:0.0} s)");
}
