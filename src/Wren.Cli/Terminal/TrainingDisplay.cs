using System.Diagnostics;
using Spectre.Console;
using Wren.Pipeline.Training;
using Wren.Runtime.Diagnostics;
using Wren.Training.Trainer;

namespace Wren.Cli.Terminal;

/// <summary>
/// How <c>wren train</c> and <c>wren finetune</c> show their steps. On a terminal: a progress bar (steps, rate, ETA,
/// the loss beside it) and a line per evaluation. Into a log or a pipe: a line for the first step, each evaluation,
/// the last step and otherwise one every <see cref="LogInterval"/>, never one per step.
/// </summary>
internal sealed class TrainingDisplay : IDisposable
{
    /// <summary>Seconds between step lines written to a log.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly IAnsiConsole _console;
    private readonly SpectreProgressSink? _progress;
    private readonly IProgressTask? _bar;
    private readonly StepProgress? _shown;
    private readonly Stopwatch _sinceLine = new();

    public TrainingDisplay(IAnsiConsole console, string description)
    {
        _console = console;
        if (console.Profile.Capabilities.Interactive)
        {
            _progress = new SpectreProgressSink(console);
            _bar = _progress.Begin(description, null, "steps");
            _shown = new StepProgress(_bar);
        }
    }

    public void Step(StepReport report)
    {
        if (_shown is not null)
        {
            _shown.Update(report);
            if (report.ValidationLoss is not null) _console.MarkupLine(TrainingView.StepLine(report));
            return;
        }
        bool last = !report.TimeLimited && report.Step >= report.TotalSteps;
        if (report.Step == 1 || last || report.ValidationLoss is not null || !_sinceLine.IsRunning || _sinceLine.Elapsed >= LogInterval)
        {
            _console.MarkupLine(TrainingView.StepLine(report));
            _sinceLine.Restart();
        }
    }

    public void Dispose()
    {
        _bar?.Dispose();
        _progress?.Dispose();
    }
}
