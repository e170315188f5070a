using Wren.Runtime.Quantization;

namespace Wren.Runtime.Formats.Gguf;

/// <summary>
/// One tensor as a GGUF file describes it. <see cref="Dimensions"/> are in ggml order: the first is
/// the fastest-varying (a row's length), so a PyTorch weight of shape [out, in] has dimensions
/// [in, out]. <see cref="Offset"/> is relative to the start of the tensor data section.
/// </summary>
public sealed record GgufTensorInfo(string Name, long[] Dimensions, GgmlType Type, long Offset)
{
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Dimensions) n *= d;
            return n;
        }
    }

    /// <summary>Values in one row (ne[0]).</summary>
    public long RowLength => Dimensions.Length == 0 ? 1 : Dimensions[0];

    /// <summary>Number of rows (the product of every dimension after the first).</summary>
    public long RowCount => RowLength == 0 ? 0 : ElementCount / RowLength;

    public long ByteSize => GgmlTypeTraits.RowSize(Type, ElementCount);

    /// <summary>Dimensions in PyTorch order (slowest first), as people read shapes.</summary>
    public string ShapeText => "[" + string.Join(", ", Enumerable.Reverse(Dimensions)) + "]";
}
