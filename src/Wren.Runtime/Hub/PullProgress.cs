using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// The one progress bar of a pull, in bytes. It starts with the first download (<see cref="BeginIfUnstarted"/>), so
/// a pull refused before any byte moves (a gated model) or one the cache serves draws no bar. A snapshot knows its
/// total from the tree listing; a single-file pull learns it from the file's HEAD.
/// </summary>
internal sealed class PullProgress : IProgressTask
{
    private readonly IProgressSink _sink;
    private readonly string _description;
    private readonly long? _plannedTotal;
    private readonly Lock _gate = new();
    private IProgressTask? _task;
    private string? _status;

    /// <param name="plannedTotal">The bytes of every file to download, when known before the first starts.</param>
    public PullProgress(IProgressSink sink, string description, long? plannedTotal = null)
    {
        _sink = sink;
        _description = description;
        _plannedTotal = plannedTotal;
    }

    /// <summary>Starts the bar (with the planned total, else this one) unless it already runs.</summary>
    public void BeginIfUnstarted(long total)
    {
        lock (_gate)
        {
            if (_task is not null) return;
            _task = _sink.Begin(_description, _plannedTotal ?? total, "B");
            if (_status is not null) _task.SetStatus(_status);
        }
    }

    public void Increment(double amount) => Task().Increment(amount);

    public void SetTotal(double total) => Task().SetTotal(total);

    /// <summary>Shown beside the bar; kept until the bar starts.</summary>
    public void SetStatus(string status)
    {
        lock (_gate)
        {
            _status = status;
            _task?.SetStatus(status);
        }
    }

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
            return _task ??= _sink.Begin(_description, _plannedTotal, "B");
        }
    }
}
