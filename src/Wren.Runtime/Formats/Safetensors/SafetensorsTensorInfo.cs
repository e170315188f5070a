namespace Wren.Runtime.Formats.Safetensors;

/// <summary>One tensor entry of a safetensors header.</summary>
/// <param name="Name">The tensor name, e.g. <c>model.layers.0.self_attn.q_proj.weight</c>.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first (row-major).</param>
/// <param name="DataOffset">Byte offset of the first element from the start of the file.</param>
/// <param name="ByteLength">Bytes of data (element count times element size).</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, long[] Shape, long DataOffset, long ByteLength)
{
    /// <summary>Number of elements (1 for a scalar with an empty shape).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (long d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>The shape as text, e.g. <c>[64, 176]</c>, for error messages.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
