using System.Diagnostics;
using Wren.Runtime.Kernels;
using Wren.Runtime.Threading;

namespace Wren.Eval.Planning;

/// <summary>
/// Measures this machine's CPU on all cores in a few seconds: memory bandwidth with a STREAM-like
/// copy of arrays far larger than the last-level cache, and FP32 matmul throughput with
/// the runtime's shared SGEMM (<see cref="ParallelSgemm"/>). The best of a few repetitions is kept, as STREAM reports it, so a
/// moment of contention from other processes does not count.
/// </summary>
public static class CpuThroughputProbe
{
    /// <summary>Runs both measurements. <paramref name="copyBytes"/> is the size of each of the two copy arrays.</summary>
    public static CpuThroughput Measure(long copyBytes = 256L << 20, int matrixSize = 512, int repetitions = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copyBytes, 1L << 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(matrixSize, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        int threads = Environment.ProcessorCount;
        double bandwidth = MeasureCopyBandwidth(copyBytes, threads, repetitions);
        double flops = MeasureSgemmFlops(matrixSize, threads, repetitions);
        return new CpuThroughput
        {
            CopyBandwidth = bandwidth,
            SgemmFlops = flops,
            Threads = threads,
            SimdPath = Sgemm.PathName,
            MemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        };
    }

    /// <summary>STREAM Copy: b[i] = a[i] in parallel chunks; bytes moved = 2 x array size per pass.</summary>
    public static double MeasureCopyBandwidth(long arrayBytes, int threads, int repetitions)
    {
        long count = arrayBytes / sizeof(float);
        float[] source = GC.AllocateUninitializedArray<float>((int)Math.Min(count, Array.MaxLength));
        float[] destination = GC.AllocateUninitializedArray<float>(source.Length);
        // Touch every page first so page faults are not timed.
        source.AsSpan().Fill(1f);
        destination.AsSpan().Clear();
        int chunks = threads * 4;
        long chunk = (source.Length + chunks - 1) / chunks;
        double best = double.MaxValue;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int r = 0; r < repetitions + 1; r++)
        {
            long start = Stopwatch.GetTimestamp();
            Parallel.For(0, chunks, options, i =>
            {
                long from = i * chunk;
                int length = (int)Math.Min(chunk, source.Length - from);
                if (length > 0)
                {
                    source.AsSpan((int)from, length).CopyTo(destination.AsSpan((int)from, length));
                }
            });
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (r > 0)
            {
                best = Math.Min(best, seconds); // the first pass warms up the thread pool
            }
        }
        return 2.0 * source.Length * sizeof(float) / best;
    }

    /// <summary>
    /// Square SGEMM of <paramref name="size"/> on the runtime's shared <see cref="ParallelSgemm"/> (the kernel that
    /// training and prefill run), over a worker pool of <paramref name="threads"/>; FLOP/s = 2·n³ / best time.
    /// </summary>
    public static double MeasureSgemmFlops(int size, int threads, int repetitions)
    {
        int n = size;
        var random = new Random(1234);
        float[] a = GC.AllocateUninitializedArray<float>(n * n, pinned: true);
        float[] b = GC.AllocateUninitializedArray<float>(n * n, pinned: true);
        float[] c = GC.AllocateUninitializedArray<float>(n * n, pinned: true);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)(random.NextDouble() - 0.5);
            b[i] = (float)(random.NextDouble() - 0.5);
        }
        using var pool = new WorkerPool(threads);
        var sgemm = new ParallelSgemm(pool);
        double best = double.MaxValue;
        for (int r = 0; r < repetitions + 1; r++)
        {
            long start = Stopwatch.GetTimestamp();
            sgemm.Multiply(a, false, b, false, n, n, n, c, n, accumulate: false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (r > 0)
            {
                best = Math.Min(best, seconds); // the first pass includes JIT compilation
            }
        }
        return 2.0 * n * n * n / best;
    }
}
