using System.Diagnostics;
using Wren.Runtime.Kernels;
using Wren.Runtime.Quantization;
using Wren.Runtime.Tensors;

namespace Wren.Bench.Runtime;

/// <summary>
/// Each runtime kernel's rate on the vector path this process runs (<see cref="KernelPaths.Widest"/>), one thread, on
/// operands that stay in cache (a 1024 x 1024 weight matrix is 1-4 MB: L2/L3), so the figures measure the kernels, not
/// memory. <see cref="KernelWidthSweep"/> runs this in child processes with 512-, 256- and 128-bit vectors.
/// </summary>
internal static unsafe class KernelFigures
{
    /// <summary>Prints "name=value" lines: GFLOP/s for the GEMM, weight GB/s for mat-vecs, G elements/s for the rest.</summary>
    public static void Print()
    {
        Console.WriteLine($"path={KernelPaths.Widest}");
        Console.WriteLine($"sgemm F32 GFLOP/s={MachineFigures.GemmGflops(WeightDType.F32):F2}");
        foreach (var (dtype, type) in new[] { (WeightDType.F32, GgmlType.F32), (WeightDType.F16, GgmlType.F16), (WeightDType.Q8_0, GgmlType.Q8_0), (WeightDType.Q4_0, GgmlType.Q4_0), (WeightDType.Q4_K, GgmlType.Q4_K), (WeightDType.Q6_K, GgmlType.Q6_K) })
            Console.WriteLine($"matvec {dtype} weight GB/s={MatVecRate(dtype, type):F2}");

        const int N = 4096;
        var random = new Random(5);
        var a = new float[N];
        var b = new float[N];
        var y = new float[N];
        for (int i = 0; i < N; i++)
        {
            a[i] = (float)(random.NextDouble() * 8 - 4);
            b[i] = (float)(random.NextDouble() * 2 - 1);
        }

        Console.WriteLine($"swiglu G elements/s={Rate(N, () => SwiGlu.Apply(a, b, y)):F2}");
        Console.WriteLine($"rmsnorm G elements/s={Rate(N, () => RmsNorm.Apply(a, b, 1e-5f, y)):F2}");
        Console.WriteLine($"softmax G elements/s={Rate(N, () => { a.CopyTo(y, 0); Softmax.Apply(y); }):F2}");
        var cos = new float[64];
        var sin = new float[64];
        Array.Fill(cos, 0.5f);
        Array.Fill(sin, 0.25f);
        Console.WriteLine($"rope G elements/s={Rate(N, () => Rope.Apply(y, 32, 128, cos, sin)):F2}");
    }

    private static double MatVecRate(WeightDType dtype, GgmlType type)
    {
        const int Rows = 1024, Cols = 1024;
        long rowBytes = WeightMatrix.RowBytesOf(dtype, Cols);
        using var buffer = new NativeBuffer(rowBytes * Rows);
        var random = new Random(7);
        var row = new float[Cols];
        for (int r = 0; r < Rows; r++)
        {
            for (int i = 0; i < Cols; i++) row[i] = (float)(random.NextDouble() * 2 - 1);
            GgmlQuantizer.Quantize(type, row, new Span<byte>((void*)(buffer.Pointer + (nint)(r * rowBytes)), (int)rowBytes));
        }

        var w = new WeightMatrix(buffer.Pointer, dtype, Rows, Cols);
        var x = new float[Cols];
        for (int i = 0; i < Cols; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        var y = new float[Rows];
        return Rate(rowBytes * Rows, () => MatVec.Multiply(w, x, y));
    }

    /// <summary>Units per nanosecond (G units per second): the best of 5 runs of about 0.2 s each.</summary>
    private static double Rate(long unitsPerCall, Action call)
    {
        call();
        long calls = 1;
        var t = Stopwatch.StartNew();
        while (t.Elapsed.TotalSeconds < 0.05) { call(); calls++; }
        long perRun = Math.Max(1, (long)(calls * 0.2 / t.Elapsed.TotalSeconds));
        double best = 0;
        for (int run = 0; run < 5; run++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (long i = 0; i < perRun; i++) call();
            best = Math.Max(best, unitsPerCall * perRun / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9);
        }

        return best;
    }
}
