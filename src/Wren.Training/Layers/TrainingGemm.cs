namespace Wren.Training.Layers;

/// <summary>
/// The three matrix products of a linear layer's forward and backward pass, split over the worker pool:
/// <list type="bullet">
/// <item>Y = X Wᵀ (forward): W is transposed once per call into [K, N] (N K copies against M N K multiply-adds), then C = X Wᵀ is the same product as dX += dY W.</item>
/// <item>dX += dY W (input gradient) and dW += dYᵀ X (weight gradient).</item>
/// </list>
/// All three run on <see cref="ProductKernel"/>, which lives in this always-optimised assembly.
/// Work is split by blocks of output rows and columns; each output element belongs to exactly one block
/// and is summed in a fixed order, so runs are bit-for-bit reproducible whatever the thread count.
/// Shapes: X [M, K], W [N, K], Y [M, N].
/// </summary>
public sealed unsafe class TrainingGemm
{
    private const int RowBlock = 64;
    private const int ColumnBlock = 64;
    private const int TransposeBlock = 32;

    private readonly ParallelLoop _loop;
    private TensorSlice _transposed = TensorSlice.Allocate(0);

    public TrainingGemm(ParallelLoop loop) => _loop = loop;

    /// <summary>y[m, n] = sum_k x[m, k] w[n, k]. Shapes: x [M, K], w [N, K], y [M, N].</summary>
    public void Forward(float* x, int m, int k, float* w, int n, float* y)
    {
        if (m == 0 || n == 0) return;
        if (_transposed.Length < (long)n * k) _transposed = TensorSlice.Allocate(checked(n * k)); // grows once, on the first step
        float* wt = _transposed.Pointer;
        nint wp = (nint)w, wtp = (nint)wt, yp = (nint)y;
        int kBlocks = (k + TransposeBlock - 1) / TransposeBlock;
        _loop.For(kBlocks, 1, (start, end, _) =>
        {
            for (int kb = start; kb < end; kb++)
            {
                int k0 = kb * TransposeBlock, k1 = Math.Min(k, k0 + TransposeBlock);
                for (int n0 = 0; n0 < n; n0 += TransposeBlock)
                {
                    int n1 = Math.Min(n, n0 + TransposeBlock);
                    for (int j = n0; j < n1; j++)
                        for (int i = k0; i < k1; i++) ((float*)wtp)[(nint)i * n + j] = ((float*)wp)[(nint)j * k + i];
                }
            }
        });
        _loop.For((m + RowBlock - 1) / RowBlock, 1, (start, end, _) =>
        {
            int r0 = start * RowBlock, r1 = Math.Min(m, end * RowBlock);
            new Span<float>((float*)yp + (nint)r0 * n, (r1 - r0) * n).Clear();
        });
        Accumulate((nint)x, k, 1, wtp, n, yp, n, m, n, k);
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
                for (int row = 0; row < m; row++) TrainingVectorMath.MultiplyAdd(1f, new ReadOnlySpan<float>((float*)dyp + (nint)row * n + j0, width), acc);
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
