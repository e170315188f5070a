namespace Wren.Runtime.Tensors;

/// <summary>
/// A row-major weight matrix [Rows, Cols] = [N out, K in] (the <c>nn.Linear.weight</c> layout),
/// living in memory someone else owns (a memory-mapped safetensors file or a <see cref="NativeBuffer"/>).
/// A plain value: copying it copies the view, not the data.
/// </summary>
public readonly unsafe struct WeightMatrix
{
    public WeightMatrix(nint data, WeightDType dtype, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Data = data;
        DType = dtype;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Address of element [0, 0] (may be unaligned).</summary>
    public nint Data { get; }

    public WeightDType DType { get; }

    /// <summary>N: output features.</summary>
    public int Rows { get; }

    /// <summary>K: input features.</summary>
    public int Cols { get; }

    public int ElementSize => DType == WeightDType.F32 ? 4 : 2;

    /// <summary>Bytes of one row.</summary>
    public long RowBytes => (long)Cols * ElementSize;

    /// <summary>Bytes of the whole matrix (what one matrix-vector product streams from memory).</summary>
    public long ByteLength => RowBytes * Rows;

    /// <summary>The address of row <paramref name="row"/>.</summary>
    public nint RowPointer(int row) => Data + (nint)(row * RowBytes);

    /// <summary>The rows [start, start + count) as a smaller matrix.</summary>
    public WeightMatrix SliceRows(int start, int count)
    {
        if ((uint)start > (uint)Rows || (uint)count > (uint)(Rows - start)) throw new ArgumentOutOfRangeException(nameof(start));
        return new WeightMatrix(RowPointer(start), DType, count, Cols);
    }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/> as float32 (an embedding lookup).</summary>
    public void ReadRow(int row, Span<float> destination)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), $"row {row} is outside [0, {Rows})");
        if (destination.Length < Cols) throw new ArgumentException("destination is shorter than a row", nameof(destination));
        var p = (void*)RowPointer(row);
        switch (DType)
        {
            case WeightDType.F32:
                new ReadOnlySpan<float>(p, Cols).CopyTo(destination);
                break;
            case WeightDType.F16:
                Kernels.HalfConversion.F16ToSingle(new ReadOnlySpan<ushort>(p, Cols), destination);
                break;
            case WeightDType.BF16:
                Kernels.HalfConversion.BF16ToSingle(new ReadOnlySpan<ushort>(p, Cols), destination);
                break;
        }
    }
}
