using Wren.Runtime.Threading;

namespace Wren.Training.Layers;

/// <summary>
/// Runs a body over items [0, count) on the worker pool. Each item writes only its own outputs, so the
/// result is the same for any thread count (the reduction order inside an item is fixed).
/// One instance per model; the body delegate is set per call (a handful per layer, never per token).
/// </summary>
public sealed class ParallelLoop : IParallelWork
{
    private Action<int, int, int>? _body;

    public ParallelLoop(WorkerPool pool) => Pool = pool;

    public WorkerPool Pool { get; }

    public int ThreadCount => Pool.ThreadCount;

    /// <summary>Calls <paramref name="body"/>(start, end, worker) on chunks of <paramref name="chunk"/> items.</summary>
    public void For(int count, int chunk, Action<int, int, int> body)
    {
        _body = body;
        try
        {
            Pool.Run(this, count, chunk);
        }
        finally
        {
            _body = null;
        }
    }

    void IParallelWork.Execute(int start, int end, int worker) => _body!(start, end, worker);
}
