using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// The one progress bar of a pull, in bytes. A snapshot knows its total from the tree listing and starts the bar
/// at once; a single-file pull learns the size from its HEAD, so its bar starts then (<see cref="BeginIfUnstarted"/>).
/// </summary>
internal sealed class PullProgress : IProgressTask
{
    private readonly IProgressSink _sink;
    private readonly string _description;
    private readonly Lock _gate = new();
    private IProgressTask? _task;

    public PullProgress(IProgressSink sink, string description)
    {
        _sink = sink;
        _description = description;
    }

    public static PullProgress Started(IProgressSink sink, string description, long total)
    {
        var progress = new PullProgress(sink, description);
        progress.BeginIfUnstarted(total);
        return progress;
    }

    /// <summary>Starts the bar with this total unless it already runs.</summary>
    public void BeginIfUnstarted(long total)
    {
        lock (_gate)
        {
            _task ??= _sink.Begin(_description, total, "B");
        }
    }

    public void Increment(double amount) => Task().Increment(amount);

    public void SetTotal(double total) => Task().SetTotal(total);

    public void SetStatus(string status) => Task().SetStatus(status);

    public void Dispose()
    {
        lock (_gate)
        {
            _task?.Dispose();
        }
    }

    private IProgressTask Task()
    {
        lock (_gate)
        {
            return _task ??= _sink.Begin(_description, null, "B");
        }
    }
}
