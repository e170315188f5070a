using System.Diagnostics;
using Wren.Runtime.Kernels;

namespace Wren.Training.Layers;

/// <summary>
/// The three matrix products of a linear layer's forward and backward pass, on the runtime's shared
/// <see cref="ParallelSgemm"/> (packed panels, register-tiled micro-kernel, split over the worker pool):
/// <list type="bullet">
/// <item>Y = X Wᵀ (forward): W [N, K] is read as the transposed operand, no copy.</item>
/// <item>dX += dY W (input gradient) and dW += dYᵀ X (weight gradient): dYᵀ is dY read with swapped strides.</item>
/// </list>
/// Each output element is summed in a fixed order whatever the thread count, so runs are bit-for-bit reproducible.
/// With <see cref="RoundInputsToBf16"/>, the operands of every product are rounded to bfloat16 and the sums kept
/// in float32 (master weights and gradients stay float32). Shapes: X [M, K], W [N, K], Y [M, N].
/// </summary>
public sealed unsafe class TrainingGemm
{
    private const int ColumnBlock = 64;

    private readonly ParallelLoop _loop;
    private readonly ParallelSgemm _sgemm;

    public TrainingGemm(ParallelLoop loop)
    {
        _loop = loop;
        _sgemm = new ParallelSgemm(loop.Pool);
    }

    /// <summary>Round both inputs of every product to bfloat16 (float32 accumulation).</summary>
    public bool RoundInputsToBf16 { get; set; }

    /// <summary>Wall seconds spent in matrix products so far (for the benchmark's breakdown of a step).</summary>
    public double Seconds => _ticks / (double)Stopwatch.Frequency;

    /// <summary>Multiply-add FLOPs (2 M N K per product) of the matrix products so far.</summary>
    public double Flops { get; private set; }

    private long _ticks;

    /// <summary>y[m, n] = sum_k x[m, k] w[n, k]. Shapes: x [M, K], w [N, K], y [M, N].</summary>
    public void Forward(float* x, int m, int k, float* w, int n, float* y) =>
        Run(StridedMatrix.RowMajor(x, k), StridedMatrix.Transposed(w, k), m, k, n, y, accumulate: false);

    /// <summary>dx[m, k] += sum_n dy[m, n] w[n, k]. Shapes: dy [M, N], w [N, K], dx [M, K].</summary>
    public void AccumulateInputGradient(float* dy, int m, int n, float* w, int k, float* dx) =>
        Run(StridedMatrix.RowMajor(dy, n), StridedMatrix.RowMajor(w, k), m, n, k, dx, accumulate: true);

    /// <summary>dw[n, k] += sum_m dy[m, n] x[m, k]. Shapes: dy [M, N], x [M, K], dw [N, K].</summary>
    public void AccumulateWeightGradient(float* dy, int m, int n, float* x, int k, float* dw) =>
        Run(StridedMatrix.Transposed(dy, n), StridedMatrix.RowMajor(x, k), n, m, k, dw, accumulate: true);

    /// <summary>C [rows, cols] (+)= A [rows, depth] B [depth, cols], C row-major.</summary>
    private void Run(StridedMatrix a, StridedMatrix b, int rows, int depth, int cols, float* c, bool accumulate)
    {
        long start = Stopwatch.GetTimestamp();
        _sgemm.Multiply(a, b, rows, depth, cols, new Span<float>(c, rows * cols), cols, accumulate, RoundInputsToBf16);
        _ticks += Stopwatch.GetTimestamp() - start;
        Flops += 2.0 * rows * cols * depth;
    }

    /// <summary>db[n] += sum_m dy[m, n], rows summed in order. Shapes: dy [M, N], db [N].</summary>
    public void AccumulateBiasGradient(float* dy, int m, int n, float* db)
    {
        nint dyp = (nint)dy, dbp = (nint)db;
        int blocks = (n + ColumnBlock - 1) / ColumnBlock;
        _loop.For(blocks, 1, (start, end, _) =>
        {
            for (int bIndex = start; bIndex < end; bIndex++)
            {
                int j0 = bIndex * ColumnBlock, width = Math.Min(ColumnBlock, n - j0);
                var acc = new Span<float>((float*)dbp + j0, width);
                for (int row = 0; row < m; row++) VectorMath.MultiplyAdd(1f, new ReadOnlySpan<float>((float*)dyp + (nint)row * n + j0, width), acc);
            }
        });
    }
}
