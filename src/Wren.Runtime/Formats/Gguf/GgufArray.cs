namespace Wren.Runtime.Formats.Gguf;

/// <summary>
/// A GGUF array value: its element type and the elements as a typed .NET array (byte[], sbyte[],
/// ushort[], short[], uint[], int[], float[], bool[], string[], ulong[], long[], double[]), or
/// <see cref="GgufArray"/>[] for an array of arrays.
/// </summary>
public sealed record GgufArray(GgufValueType ElementType, Array Items)
{
    public int Count => Items.Length;
}
