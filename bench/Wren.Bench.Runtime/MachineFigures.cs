using System.Diagnostics;
using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Bench.Runtime;

/// <summary>The machine's own limits, measured in the same run: copy bandwidth and GEMM throughput.</summary>
internal static unsafe class MachineFigures
{
    private sealed class CopyWork(nint source, nint destination, long bytes, int parts) : IParallelWork
    {
        public void Execute(int start, int end, int worker)
        {
            long part = bytes / parts;
            for (int p = start; p < end; p++)
                Buffer.MemoryCopy((void*)(source + (nint)(p * part)), (void*)(destination + (nint)(p * part)), part, part);
        }
    }

    /// <summary>STREAM-style copy: GB/s of bytes read plus bytes written, best of several passes over 256 MB.</summary>
    public static double CopyBandwidth(int threads)
    {
        const long Bytes = 256L << 20;
        using var a = new NativeBuffer(Bytes);
        using var b = new NativeBuffer(Bytes);
        using var pool = new WorkerPool(threads);
        var work = new CopyWork(a.Pointer, b.Pointer, Bytes, 64);
        pool.Run(work, 64, 1); // touch the pages first
        double best = 0;
        for (int i = 0; i < 5; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            pool.Run(work, 64, 1);
            best = Math.Max(best, 2.0 * Bytes / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9);
        }

        return best;
    }

    /// <summary>GFLOP/s of Y = X W^T for X [128, 1024], W [1024, 1024] F32 on one thread.</summary>
    public static double GemmGflops(WeightDType dtype)
    {
        const int T = 128, N = 1024, K = 1024;
        using var w = new NativeBuffer((long)N * K * 4);
        var random = new Random(3);
        for (long i = 0; i < (long)N * K; i++)
        {
            float v = (float)(random.NextDouble() - 0.5);
            if (dtype == WeightDType.F32) ((float*)w.Pointer)[i] = v;
            else ((ushort*)w.Pointer)[i] = HalfConversion.SingleToF16(v);
        }

        var matrix = new WeightMatrix(w.Pointer, dtype, N, K);
        var x = new float[T * K];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() - 0.5);
        var y = new float[T * N];
        Gemm.MultiplyTransposed(x, T, matrix, y);
        double best = 0;
        for (int i = 0; i < 3; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Gemm.MultiplyTransposed(x, T, matrix, y);
            best = Math.Max(best, 2.0 * T * N * K / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9);
        }

        return best;
    }
}
