namespace Wren.Runtime.Threading;

/// <summary>
/// A piece of work split into items [0, count) that <see cref="WorkerPool"/> hands out in chunks.
/// Implementations are preallocated objects whose fields are set before each run, so running work
/// allocates nothing.
/// </summary>
public interface IParallelWork
{
    /// <summary>Processes items [start, end) on the thread numbered <paramref name="worker"/> (0 = the caller).</summary>
    void Execute(int start, int end, int worker);
}
