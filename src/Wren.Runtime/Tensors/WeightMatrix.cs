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
        if (cols % BlockSizeOf(dtype) != 0) throw new ArgumentException($"{dtype} rows must hold a multiple of {BlockSizeOf(dtype)} values, not {cols}", nameof(cols));
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

    /// <summary>Bytes per element for the plain float types; 0 for block-quantized types (see <see cref="RowBytes"/>).</summary>
    public int ElementSize => DType switch { WeightDType.F32 => 4, WeightDType.F16 or WeightDType.BF16 => 2, _ => 0 };

    /// <summary>Whether the type is one of ggml's block-quantized layouts.</summary>
    public bool IsQuantized => DType >= WeightDType.Q8_0;

    /// <summary>Bytes of one row.</summary>
    public long RowBytes => RowBytesOf(DType, Cols);

    /// <summary>Bytes of a row of <paramref name="cols"/> values of <paramref name="dtype"/>.</summary>
    public static long RowBytesOf(WeightDType dtype, int cols) => dtype switch
    {
        WeightDType.F32 => 4L * cols,
        WeightDType.F16 or WeightDType.BF16 => 2L * cols,
        WeightDType.Q8_0 => cols / 32 * 34L,
        WeightDType.Q4_0 => cols / 32 * 18L,
        WeightDType.Q4_K => cols / 256 * 144L,
        WeightDType.Q6_K => cols / 256 * 210L,
        WeightDType.Q5_0 => cols / 32 * 22L,
        WeightDType.Q4_1 => cols / 32 * 20L,
        WeightDType.Q5_1 => cols / 32 * 24L,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Values per quantization block (1 for the float types); a row's length must be a multiple of it.</summary>
    public static int BlockSizeOf(WeightDType dtype) => dtype switch
    {
        WeightDType.Q8_0 or WeightDType.Q4_0 or WeightDType.Q5_0 or WeightDType.Q4_1 or WeightDType.Q5_1 => 32,
        WeightDType.Q4_K or WeightDType.Q6_K => 256,
        _ => 1,
    };

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
            default:
                Kernels.QuantizedMatVec.DequantizeRow(DType, new ReadOnlySpan<byte>(p, (int)RowBytes), destination[..Cols]);
                break;
        }
    }
}
