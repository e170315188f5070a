using Spectre.Console;
using Wren.Pipeline.Build;
using Wren.Runtime.Diagnostics;

namespace Wren.Cli.Terminal;

/// <summary>
/// Renders library progress as Spectre.Console bars with rate and ETA. Spectre's progress display
/// is driven by a callback, so this runs it on a background task for the lifetime of the sink.
/// When output is not a terminal (CI, pipes) it prints nothing but the final summary lines.
/// </summary>
internal sealed class SpectreProgressSink : IProgressScope
{
    private readonly IAnsiConsole _console;
    private readonly TaskCompletionSource<ProgressContext> _context = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task? _render;
    private readonly RateColumn _rate = new();

    public SpectreProgressSink(IAnsiConsole console)
    {
        _console = console;
        if (!console.Profile.Capabilities.Interactive)
        {
            return;
        }
        _render = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                _rate,
                new ElapsedTimeColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                _context.SetResult(ctx);
                await _done.Task.ConfigureAwait(false);
                ctx.Refresh();
            });
    }

    /// <summary>
    /// Runs library work with its bars on <paramref name="console"/> and takes them down before returning, so the result
    /// the verb prints next is not drawn under a live bar.
    /// </summary>
    public static T Show<T>(IAnsiConsole console, Func<IProgressSink, T> work)
    {
        using var sink = new SpectreProgressSink(console);
        return work(sink);
    }

    /// <inheritdoc cref="Show{T}"/>
    public static async Task<T> ShowAsync<T>(IAnsiConsole console, Func<IProgressSink, Task<T>> work)
    {
        using var sink = new SpectreProgressSink(console);
        return await work(sink).ConfigureAwait(false);
    }

    public IProgressTask Begin(string description, double? total, string unit)
    {
        if (_render is null)
        {
            return new PlainTask(_console, description, unit);
        }
        ProgressContext ctx = _context.Task.GetAwaiter().GetResult();
        ProgressTask task = ctx.AddTask(description, autoStart: true, maxValue: total ?? 1);
        _rate.SetUnit(task, unit);
        task.IsIndeterminate = total is null;
        return new SpectreTask(task, description);
    }

    public void Dispose()
    {
        _done.TrySetResult();
        _render?.GetAwaiter().GetResult();
    }

    private sealed class SpectreTask(ProgressTask task, string description) : IProgressTask
    {
        public void Increment(double amount) => task.Increment(amount);

        public void SetTotal(double total)
        {
            task.MaxValue = total;
            task.IsIndeterminate = false;
        }

        public void SetStatus(string status) => task.Description = $"{description} [grey]{Markup.Escape(status)}[/]";

        public void Dispose()
        {
            if (task.IsIndeterminate)
            {
                task.IsIndeterminate = false;
                task.MaxValue = Math.Max(task.Value, 1);
            }
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    /// <summary>Non-interactive output: one line when the work ends, with its rate.</summary>
    private sealed class PlainTask(IAnsiConsole console, string description, string unit) : IProgressTask
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private double _done;
        private string _status = "";

        public void Increment(double amount)
        {
            double v;
            double initial;
            do
            {
                initial = Volatile.Read(ref _done);
                v = initial + amount;
            }
            while (Interlocked.CompareExchange(ref _done, v, initial) != initial);
        }

        public void SetTotal(double total) { }

        public void SetStatus(string status) => _status = status;

        public void Dispose()
        {
            double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
            string rate = unit == "B" ? $"{_done / seconds / 1e6:F1} MB/s" : $"{_done / seconds:F1} {unit}/s";
            console.MarkupLineInterpolated($"[grey]{description}: done in {_clock.Elapsed.TotalSeconds:F1}s ({rate}) {_status}[/]");
        }
    }
}
