namespace Wren.Runtime.Kernels;

/// <summary>
/// A float32 matrix operand of <see cref="Sgemm"/>: element (i, j) lives at
/// <c>Data[i * RowStride + j * ColumnStride]</c>. A row-major [R, ld] matrix is (ld, 1); its transpose is
/// the same memory with the strides swapped (1, ld), so X, Wᵀ and dYᵀ need no copies.
/// Internal: a raw pointer the caller keeps pinned; the public surface of <see cref="Sgemm"/> and
/// <see cref="ParallelSgemm"/> takes spans and pins them itself.
/// </summary>
internal readonly unsafe struct StridedMatrix
{
    public StridedMatrix(float* data, nint rowStride, nint columnStride)
    {
        Data = data;
        RowStride = rowStride;
        ColumnStride = columnStride;
    }

    public float* Data { get; }

    public nint RowStride { get; }

    public nint ColumnStride { get; }

    /// <summary>A row-major matrix with leading dimension <paramref name="ld"/> (floats between rows).</summary>
    public static StridedMatrix RowMajor(float* data, nint ld) => new(data, ld, 1);

    /// <summary>The transpose of a row-major matrix with leading dimension <paramref name="ld"/>.</summary>
    public static StridedMatrix Transposed(float* data, nint ld) => new(data, 1, ld);

    /// <summary>A row-major [rows, cols] matrix, or (<paramref name="transposed"/>) the transpose of a row-major [cols, rows] one.</summary>
    public static StridedMatrix Of(float* data, bool transposed, int rows, int cols) => transposed ? Transposed(data, rows) : RowMajor(data, cols);

    public float this[nint i, nint j] => Data[i * RowStride + j * ColumnStride];
}
