using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;

namespace Wren.Training.Layers;

/// <summary>
/// The three matrix products of a linear layer's forward and backward pass, split over the worker pool:
/// <list type="bullet">
/// <item>Y = X Wᵀ (forward): the runtime's packed, register-tiled <see cref="Gemm"/>.</item>
/// <item>dX += dY W (input gradient) and dW += dYᵀ X (weight gradient): <see cref="ProductKernel"/>.</item>
/// </list>
/// Work is split by blocks of output rows and columns; each output element belongs to exactly one block
/// and is summed in a fixed order, so runs are bit-for-bit reproducible whatever the thread count.
/// Shapes: X [M, K], W [N, K], Y [M, N].
/// </summary>
public sealed unsafe class TrainingGemm
{
    private const int RowBlock = 64;
    private const int ColumnBlock = 64;
    private const int ForwardRowBlock = 256;
    private const int ForwardPanelBlock = 4;

    private readonly ParallelLoop _loop;
    private readonly float[][] _packs;

    public TrainingGemm(ParallelLoop loop)
    {
        _loop = loop;
        _packs = new float[loop.ThreadCount][];
        for (int i = 0; i < _packs.Length; i++) _packs[i] = GC.AllocateArray<float>(Gemm.PackLength, pinned: true);
    }

    /// <summary>y[m, n] = sum_k x[m, k] w[n, k]. Shapes: x [M, K], w [N, K], y [M, N].</summary>
    public void Forward(float* x, int m, int k, float* w, int n, float* y)
    {
        if (m == 0 || n == 0) return;
        var weights = new WeightMatrix((nint)w, WeightDType.F32, n, k);
        int panels = Gemm.PanelCount(n);
        int panelBlocks = (panels + ForwardPanelBlock - 1) / ForwardPanelBlock;
        int rowBlocks = (m + ForwardRowBlock - 1) / ForwardRowBlock;
        nint xp = (nint)x, yp = (nint)y;
        _loop.For(rowBlocks * panelBlocks, 1, (start, end, worker) =>
        {
            for (int item = start; item < end; item++)
            {
                int rb = item / panelBlocks, pb = item % panelBlocks;
                int r0 = rb * ForwardRowBlock, rows = Math.Min(ForwardRowBlock, m - r0);
                int p0 = pb * ForwardPanelBlock, p1 = Math.Min(panels, p0 + ForwardPanelBlock);
                var xs = new ReadOnlySpan<float>((float*)xp + (nint)r0 * k, rows * k);
                var ys = new Span<float>((float*)yp + (nint)r0 * n, (rows - 1) * n + n);
                Gemm.MultiplyTransposed(xs, rows, weights, ys, n, p0, p1, _packs[worker]);
            }
        });
    }

    /// <summary>dx[m, k] += sum_n dy[m, n] w[n, k]. Shapes: dy [M, N], w [N, K], dx [M, K].</summary>
    public void AccumulateInputGradient(float* dy, int m, int n, float* w, int k, float* dx) =>
        Accumulate((nint)dy, n, 1, (nint)w, k, (nint)dx, k, m, k, n);

    /// <summary>dw[n, k] += sum_m dy[m, n] x[m, k]. Shapes: dy [M, N], x [M, K], dw [N, K].</summary>
    public void AccumulateWeightGradient(float* dy, int m, int n, float* x, int k, float* dw) =>
        Accumulate((nint)dy, 1, n, (nint)x, k, (nint)dw, k, n, k, m);

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
                for (int row = 0; row < m; row++) VectorMath.Add(new ReadOnlySpan<float>((float*)dyp + (nint)row * n + j0, width), acc);
            }
        });
    }

    private void Accumulate(nint a, nint aRowStride, nint aDepthStride, nint b, nint ldb, nint c, nint ldc, int rows, int cols, int depth)
    {
        if (rows == 0 || cols == 0 || depth == 0) return;
        int rowBlocks = (rows + RowBlock - 1) / RowBlock;
        int colBlocks = (cols + ColumnBlock - 1) / ColumnBlock;
        _loop.For(rowBlocks * colBlocks, 1, (start, end, _) =>
        {
            for (int item = start; item < end; item++)
            {
                int rb = item / colBlocks, cb = item % colBlocks;
                int i0 = rb * RowBlock, j0 = cb * ColumnBlock;
                ProductKernel.Accumulate((float*)a, aRowStride, aDepthStride, (float*)b, ldb, (float*)c, ldc,
                    i0, Math.Min(rows, i0 + RowBlock), j0, Math.Min(cols, j0 + ColumnBlock), depth);
            }
        });
    }
}
