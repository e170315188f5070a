using System.Globalization;

namespace Wren.Runtime.Formats.Gguf;

/// <summary>
/// One metadata value: its GGUF type and the value as the matching .NET type (byte, sbyte, ushort,
/// short, uint, int, float, bool, string, ulong, long, double, or <see cref="GgufArray"/>).
/// </summary>
public sealed record GgufValue(GgufValueType Type, object Value)
{
    public static GgufValue Of(string value) => new(GgufValueType.String, value);
    public static GgufValue Of(uint value) => new(GgufValueType.UInt32, value);
    public static GgufValue Of(int value) => new(GgufValueType.Int32, value);
    public static GgufValue Of(ulong value) => new(GgufValueType.UInt64, value);
    public static GgufValue Of(long value) => new(GgufValueType.Int64, value);
    public static GgufValue Of(float value) => new(GgufValueType.Float32, value);
    public static GgufValue Of(double value) => new(GgufValueType.Float64, value);
    public static GgufValue Of(bool value) => new(GgufValueType.Bool, value);
    public static GgufValue Of(string[] items) => new(GgufValueType.Array, new GgufArray(GgufValueType.String, items));
    public static GgufValue Of(int[] items) => new(GgufValueType.Array, new GgufArray(GgufValueType.Int32, items));
    public static GgufValue Of(uint[] items) => new(GgufValueType.Array, new GgufArray(GgufValueType.UInt32, items));
    public static GgufValue Of(float[] items) => new(GgufValueType.Array, new GgufArray(GgufValueType.Float32, items));

    public string AsString() => Value as string ?? throw WrongType("a string");

    /// <summary>Any integer type (and bool), widened; GGUF writers differ in which width they use for counts.</summary>
    public long AsInt64() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        ulong v when v <= long.MaxValue => (long)v,
        ulong v => throw new WrenException($"metadata value {v} does not fit a 64-bit signed integer"),
        long v => v,
        bool v => v ? 1 : 0,
        _ => throw WrongType("an integer"),
    };

    /// <summary>Any numeric type as a float (llama.cpp accepts F32 and F64 where it expects a float).</summary>
    public float AsSingle() => Value switch
    {
        float v => v,
        double v => (float)v,
        _ => AsInt64(),
    };

    public bool AsBool() => Value is bool b ? b : throw WrongType("a bool");

    public GgufArray AsArray() => Value as GgufArray ?? throw WrongType("an array");

    public override string ToString() => Value switch
    {
        string s => s.Length > 80 ? s[..77] + "..." : s,
        GgufArray a => $"[{a.Count} x {a.ElementType}]",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A file's metadata of the wrong type is bad input, not a bug: a user error (callers add the key).</summary>
    private WrenException WrongType(string wanted) => new($"metadata value of type {Type} is not {wanted}");
}
