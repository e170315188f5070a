using System.Diagnostics;
using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;

namespace Wren.Bench.Server;

/// <summary>
/// One linear layer Y [B, N] = X [B, K] W^T on one thread, three ways: B whole matrix-vector products
/// (each sequence streams all of W), the batched decoder's way (blocks of rows that stay in cache while
/// every sequence runs over them, with the decode kernel itself, bit-identical to decoding alone), and the
/// prefill GEMM (packs W once; sums in another order, so logits differ from single decode in the last bits).
/// </summary>
internal static class LinearKernelBench
{
    public static (double Separate, double Blocked, double Gemm) Run(WeightMatrix w, int b, int repeats)
    {
        int k = w.Cols, n = w.Rows;
        var random = new Random(9);
        float[] x = new float[b * k];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        float[] y = new float[b * n];
        float[] pack = new float[Gemm.PackLength];
        int blockRows = Math.Max(4, (int)Math.Min(1024, 64 * 1024 / w.RowBytes)) & ~3;

        double Time(Action run)
        {
            run();
            double best = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                run();
                best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }

            return best;
        }

        double separate = Time(() =>
        {
            for (int i = 0; i < b; i++) MatVec.Multiply(w, x.AsSpan(i * k, k), y.AsSpan(i * n, n));
        });
        double blocked = Time(() =>
        {
            for (int r0 = 0; r0 < n; r0 += blockRows)
            {
                int r1 = Math.Min(n, r0 + blockRows);
                for (int i = 0; i < b; i++) MatVec.Multiply(w, x.AsSpan(i * k, k), y.AsSpan(i * n, n), r0, r1);
            }
        });
        double gemm = Time(() => Gemm.MultiplyTransposed(x, b, w, y, n, 0, Gemm.PanelCount(n), pack));
        // Rows of Y per second (tokens through this layer per second).
        return (b / separate, b / blocked, b / gemm);
    }
}
