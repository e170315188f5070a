using System.Diagnostics;
using Wren.Runtime.Threading;
using Wren.Training.Layers;
using Wren.Training.Model;

namespace Wren.Training.Trainer;

/// <summary>
/// Measures this machine's float32 matrix-product rate with Wren's own GEMM (512 x 512 x 512 products for
/// about a quarter of a second): the denominator of the MFU a training run reports. The rate is that of the
/// fastest single product, not the mean: other work on the machine only ever slows a product down, so the
/// fastest one is the closest to what the cores can do.
/// </summary>
public static unsafe class MatmulPeak
{
    public static double Measure(WorkerPool pool, int size = 512, double seconds = 0.25)
    {
        var gemm = new TrainingGemm(new ParallelLoop(pool));
        var a = TensorSlice.Allocate(size * size);
        var b = TensorSlice.Allocate(size * size);
        var c = TensorSlice.Allocate(size * size);
        var rng = new SeededRandom(1);
        rng.FillUniform(a.Span, 1);
        rng.FillUniform(b.Span, 1);
        gemm.Forward(a.Pointer, size, size, b.Pointer, size, c.Pointer); // warm up (JIT, caches)
        long runs = 0;
        long fastest = long.MaxValue;
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds || runs < 3)
        {
            long before = Stopwatch.GetTimestamp();
            gemm.Forward(a.Pointer, size, size, b.Pointer, size, c.Pointer);
            fastest = Math.Min(fastest, Math.Max(1, Stopwatch.GetTimestamp() - before));
            runs++;
        }

        return 2.0 * size * size * size * Stopwatch.Frequency / fastest;
    }
}
