namespace Wren.Runtime.Formats.Safetensors;

/// <summary>The element types of the safetensors format, spelled as in its JSON header.</summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U64,
    U32,
    U16,
    U8,
    BOOL,
}
