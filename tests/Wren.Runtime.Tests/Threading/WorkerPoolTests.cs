using Wren.Runtime.Threading;

namespace Wren.Runtime.Tests.Threading;

public sealed class WorkerPoolTests
{
    private sealed class CountingWork(int[] hits) : IParallelWork
    {
        public int MaxWorker;

        public void Execute(int start, int end, int worker)
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
            int seen;
            while ((seen = Volatile.Read(ref MaxWorker)) < worker && Interlocked.CompareExchange(ref MaxWorker, worker, seen) != seen) { }
        }
    }

    private sealed class FailingWork : IParallelWork
    {
        public void Execute(int start, int end, int worker)
        {
            if (start <= 500 && 500 < end) throw new InvalidOperationException("item 500");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void EveryItemRunsExactlyOnceAcrossManyRuns(int threads)
    {
        using var pool = new WorkerPool(threads);
        for (int run = 0; run < 300; run++)
        {
            int count = 1 + run * 7 % 1000;
            var hits = new int[count];
            pool.Run(new CountingWork(hits), count, 1 + run % 13);
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void RunsAfterWorkersFellAsleepStillComplete()
    {
        using var pool = new WorkerPool(2);
        var hits = new int[64];
        pool.Run(new CountingWork(hits), 64, 1);
        Thread.Sleep(50); // past the spin window: workers are blocked on their semaphores
        var again = new int[64];
        pool.Run(new CountingWork(again), 64, 1);
        Assert.All(again, h => Assert.Equal(1, h));
    }

    [Fact]
    public void AnExceptionInAWorkerReachesTheCaller()
    {
        using var pool = new WorkerPool(2);
        var e = Assert.Throws<InvalidOperationException>(() => pool.Run(new FailingWork(), 1000, 10));
        Assert.Equal("item 500", e.Message);
        var hits = new int[100];
        pool.Run(new CountingWork(hits), 100, 3); // still usable
        Assert.All(hits, h => Assert.Equal(1, h));
    }
}
