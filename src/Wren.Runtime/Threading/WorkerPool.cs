using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Wren.Runtime.Threading;

/// <summary>
/// A fixed set of threads that run <see cref="IParallelWork"/> together with the calling thread. Items are
/// taken in chunks from a shared counter (so a thread slowed down by another process does not hold the
/// rest back). Between runs workers spin briefly, because in decoding the next run comes within
/// microseconds; then they sleep on a semaphore so an idle pool costs no CPU. No allocation per run.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private const int Awake = 0;
    private const int Sleeping = 1;

    /// <summary>How long an idle worker spins before it sleeps.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 20_000; // 50 us

    /// <summary>How long a wait spins without yielding the processor (<see cref="Pause"/>).</summary>
    private static readonly long PauseOnlyTicks = Stopwatch.Frequency / 5_000; // 200 us

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _state;
    private IParallelWork? _work;
    private int _count;
    private int _chunk;
    private int _next;
    private int _pending;
    private long _generation;
    private volatile bool _stopping;
    private Exception? _failure;

    /// <param name="threadCount">Threads in all, the caller included (1 = run on the caller only).</param>
    public WorkerPool(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ThreadCount = threadCount;
        _threads = new Thread[threadCount - 1];
        _wake = new SemaphoreSlim[threadCount - 1];
        _state = new int[threadCount - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int index = i;
            _threads[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"wren-worker-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>A pool of one thread per logical processor.</summary>
    public static WorkerPool ForAllCores() => new(Environment.ProcessorCount);

    /// <summary>Threads in all, the caller included.</summary>
    public int ThreadCount { get; }

    /// <summary>
    /// Runs items [0, <paramref name="count"/>) of <paramref name="work"/> in chunks of <paramref name="chunk"/>
    /// items across all threads and returns when every item is done. Not reentrant: one run at a time.
    /// </summary>
    public void Run(IParallelWork work, int count, int chunk)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (count <= 0) return;
        chunk = Math.Max(1, chunk);
        if (_threads.Length == 0 || count <= chunk)
        {
            work.Execute(0, count, 0);
            return;
        }

        _work = work;
        _count = count;
        _chunk = chunk;
        _next = 0;
        _failure = null;
        Volatile.Write(ref _pending, _threads.Length);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _threads.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _state[i], Awake, Sleeping) == Sleeping) _wake[i].Release();
        }

        RunChunks(0);

        long waiting = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) Pause(waiting, ref spin);
        _work = null;
        if (_failure is { } failure) ExceptionDispatchInfo.Throw(failure);
    }

    private void RunChunks(int worker)
    {
        var work = _work!;
        int count = _count, chunk = _chunk;
        try
        {
            while (true)
            {
                int start = Interlocked.Add(ref _next, chunk) - chunk;
                if (start >= count) break;
                work.Execute(start, Math.Min(start + chunk, count), worker);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            Volatile.Write(ref _next, count); // stop handing out chunks
        }
    }

    private void WorkerLoop(int index)
    {
        long seen = 0;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_stopping)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Pause(start, ref spin);
                    continue;
                }

                // Announce sleep, then check once more: a run that started in between either sees the flag
                // (and releases the semaphore) or was seen here (and we take back the flag).
                Interlocked.Exchange(ref _state[index], Sleeping);
                if (Volatile.Read(ref _generation) != seen || _stopping)
                {
                    if (Interlocked.CompareExchange(ref _state[index], Awake, Sleeping) == Sleeping) break;
                }

                _wake[index].Wait();
                start = Stopwatch.GetTimestamp();
            }

            if (_stopping) return;
            seen = Volatile.Read(ref _generation);
            RunChunks(index + 1);
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>
    /// One step of a wait that began at <paramref name="since"/>: pause instructions only for the first
    /// <see cref="PauseOnlyTicks"/>, then <see cref="SpinWait.SpinOnce(int)"/>, which yields the processor. A yield
    /// (sched_yield) on a machine where other processes want the cores hands them the core for a whole time slice,
    /// milliseconds, and a decode step waits ~100 times per token: under load, two threads then decoded at half the rate
    /// of one. ggml's barrier spins the same way, without yielding, for the same reason.
    /// </summary>
    private static void Pause(long since, ref SpinWait spin)
    {
        if (Stopwatch.GetTimestamp() - since < PauseOnlyTicks) Thread.SpinWait(20);
        else spin.SpinOnce(sleep1Threshold: -1);
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        for (int i = 0; i < _threads.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _state[i], Awake, Sleeping) == Sleeping) _wake[i].Release();
        }

        foreach (var t in _threads) t.Join();
        foreach (var s in _wake) s.Dispose();
    }
}
