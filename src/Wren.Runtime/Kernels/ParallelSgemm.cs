using Wren.Runtime.Threading;

namespace Wren.Runtime.Kernels;

/// <summary>
/// <see cref="Sgemm"/> split over a <see cref="WorkerPool"/>: first the packing of B (by panels), then blocks of
/// <see cref="Sgemm.RowBlock"/> rows by <see cref="ColumnChunk"/> columns of C (each thread packs its own rows of A).
/// Each element of C belongs to one block and is summed in a fixed order, so the result is bit-identical for any
/// thread count. Packing scratch is kept between calls (B's grows to the largest product seen), so a training
/// step allocates nothing. One call at a time per instance.
/// </summary>
public sealed unsafe class ParallelSgemm : IParallelWork
{
    /// <summary>Columns of C per work item: 32 B panels of 16 KB reuse one packed block of A from L2.</summary>
    public const int ColumnChunk = 512;

    private readonly WorkerPool _pool;
    private readonly float[][] _packA;
    private float[] _packB = [];
    private readonly KernelPath _path;

    // The call in flight.
    private bool _packing;
    private StridedMatrix _a, _b;
    private int _m, _k, _n, _chunks;
    private float* _c;
    private nint _ldc;
    private bool _accumulate, _roundToBf16;

    public ParallelSgemm(WorkerPool pool)
        : this(pool, Sgemm.BestPath)
    {
    }

    internal ParallelSgemm(WorkerPool pool, KernelPath path)
    {
        _pool = pool;
        _path = path;
        _packA = new float[pool.ThreadCount][];
        for (int i = 0; i < _packA.Length; i++) _packA[i] = GC.AllocateUninitializedArray<float>(Sgemm.PackedALength, pinned: true);
    }

    public WorkerPool Pool => _pool;

    /// <summary>
    /// C = A B, or C += A B when <paramref name="accumulate"/>, on dense row-major spans: <paramref name="a"/> holds A [M, K]
    /// (with <paramref name="transposeA"/>, Aᵀ stored as [K, M]), <paramref name="b"/> holds B [K, N] (with
    /// <paramref name="transposeB"/>, Bᵀ stored as [N, K]), c is [M, ldc] (at least <see cref="Sgemm.OutputLength"/> floats).
    /// </summary>
    public void Multiply(ReadOnlySpan<float> a, bool transposeA, ReadOnlySpan<float> b, bool transposeB, int m, int k, int n, Span<float> c, int ldc, bool accumulate)
    {
        Sgemm.CheckShape(m, k, n, ldc);
        Sgemm.CheckOperands(a.Length, b.Length, m, k, n);
        fixed (float* ap = a)
        fixed (float* bp = b)
        {
            Multiply(StridedMatrix.Of(ap, transposeA, m, k), StridedMatrix.Of(bp, transposeB, k, n), m, k, n, c, ldc, accumulate);
        }
    }

    /// <summary>As the span overload, on pinned strided views (the training layers' transposed and offset operands).</summary>
    internal void Multiply(StridedMatrix a, StridedMatrix b, int m, int k, int n, Span<float> c, int ldc, bool accumulate, bool roundToBf16 = false)
    {
        Sgemm.CheckShape(m, k, n, ldc);
        Sgemm.CheckOutput(m, n, c.Length, ldc);
        fixed (float* cp = c)
        {
            Multiply(a, b, m, k, n, cp, ldc, accumulate, roundToBf16);
        }
    }

    private void Multiply(StridedMatrix a, StridedMatrix b, int m, int k, int n, float* c, nint ldc, bool accumulate, bool roundToBf16)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) Sgemm.ClearRows(c, ldc, 0, m, n);
            return;
        }

        long needed = Sgemm.PackedBLength(k, n);
        if (_packB.Length < needed) _packB = GC.AllocateUninitializedArray<float>(checked((int)needed), pinned: true);
        _a = a;
        _b = b;
        _m = m;
        _k = k;
        _n = n;
        _c = c;
        _ldc = ldc;
        _accumulate = accumulate;
        _roundToBf16 = roundToBf16;
        try
        {
            int panels = Sgemm.PanelCount(n);
            _packing = true;
            _pool.Run(this, panels, Math.Max(1, panels / (4 * _pool.ThreadCount)));
            _packing = false;
            _chunks = (n + ColumnChunk - 1) / ColumnChunk;
            int rowBlocks = (m + Sgemm.RowBlock - 1) / Sgemm.RowBlock;
            _pool.Run(this, rowBlocks * _chunks, 1);
        }
        finally
        {
            _c = null;
            _a = _b = default;
        }
    }

    void IParallelWork.Execute(int start, int end, int worker)
    {
        fixed (float* packB = _packB)
        {
            if (_packing)
            {
                Sgemm.PackB(_b, _k, _n, start, end, packB, _roundToBf16);
                return;
            }

            fixed (float* packA = _packA[worker])
            {
                for (int item = start; item < end; item++)
                {
                    int rowBlock = item / _chunks, chunk = item % _chunks;
                    int i0 = rowBlock * Sgemm.RowBlock;
                    int p0 = chunk * (ColumnChunk / Sgemm.PanelWidth);
                    int p1 = Math.Min(Sgemm.PanelCount(_n), p0 + ColumnChunk / Sgemm.PanelWidth);
                    Sgemm.MultiplyBlock(_path, _a, _k, _n, packB, _c, _ldc, i0, Math.Min(_m, i0 + Sgemm.RowBlock), p0, p1, _accumulate, _roundToBf16, packA);
                }
            }
        }
    }
}
