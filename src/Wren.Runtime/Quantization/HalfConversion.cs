using System.Runtime.CompilerServices;

namespace Wren.Runtime.Quantization;

/// <summary>
/// Scalar F16 conversions for block scales, as ggml does them: F16 → F32 through a 65,536-entry
/// table (ggml's table_f32_f16; .NET's (float)Half is a slow software routine, far too slow for one
/// call per 32 weights), and F32 → F16 with the branch-free round-to-nearest-even routine of ggml's
/// ggml_compute_fp32_to_fp16, so scales are bit-identical to ggml's.
/// </summary>
internal static class HalfConversion
{
    private static readonly float[] Table = BuildTable();
    private static readonly float ScaleToInf = MathF.ScaleB(1f, 112);
    private static readonly float ScaleToZero = MathF.ScaleB(1f, -110);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort bits) => Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(Table), bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort FromSingle(float f)
    {
        float scaled = MathF.Abs(f) * ScaleToInf * ScaleToZero;
        uint w = BitConverter.SingleToUInt32Bits(f);
        uint shl1 = w + w;
        uint sign = w & 0x80000000u;
        uint bias = shl1 & 0xFF000000u;
        if (bias < 0x71000000u) bias = 0x71000000u;
        scaled = BitConverter.UInt32BitsToSingle((bias >> 1) + 0x07800000u) + scaled;
        uint bits = BitConverter.SingleToUInt32Bits(scaled);
        uint expBits = (bits >> 13) & 0x00007C00u;
        uint mantissaBits = bits & 0x00000FFFu;
        uint nonsign = expBits + mantissaBits;
        return (ushort)((sign >> 16) | (shl1 > 0xFF000000u ? 0x7E00u : nonsign));
    }

    private static float[] BuildTable()
    {
        var table = new float[65536];
        for (int i = 0; i < table.Length; i++) table[i] = (float)BitConverter.UInt16BitsToHalf((ushort)i);
        return table;
    }
}
