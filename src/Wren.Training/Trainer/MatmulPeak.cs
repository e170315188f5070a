using System.Diagnostics;
using Wren.Runtime.Threading;
using Wren.Training.Layers;
using Wren.Training.Model;

namespace Wren.Training.Trainer;

/// <summary>
/// Measures this machine's float32 matrix-product rate with Wren's own GEMM (a 512 x 512 x 512 product,
/// repeated for about a quarter of a second): the denominator of the MFU a training run reports.
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
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds || runs < 2)
        {
            gemm.Forward(a.Pointer, size, size, b.Pointer, size, c.Pointer);
            runs++;
        }

        return 2.0 * size * size * size * runs / clock.Elapsed.TotalSeconds;
    }
}
