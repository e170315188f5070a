using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Quantization;

namespace Wren.Runtime.Tests.Formats.Gguf;

/// <summary>Temporary GGUF files for reader and writer tests.</summary>
internal sealed class GgufTestFiles : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-gguf-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public GgufTestFiles() => Directory.CreateDirectory(_dir);

    public string PathFor(string name) => Path.Combine(_dir, name);

    /// <summary>A small file with every metadata type and four tensors of different types.</summary>
    public static GgufWriter SampleWriter(out float[] weights)
    {
        var w = new GgufWriter();
        w.Add("general.architecture", GgufValue.Of("llama"));
        w.Add("test.u8", new GgufValue(GgufValueType.UInt8, (byte)200));
        w.Add("test.i8", new GgufValue(GgufValueType.Int8, (sbyte)-100));
        w.Add("test.u16", new GgufValue(GgufValueType.UInt16, (ushort)60000));
        w.Add("test.i16", new GgufValue(GgufValueType.Int16, (short)-30000));
        w.Add("test.u32", GgufValue.Of(4_000_000_000u));
        w.Add("test.i32", GgufValue.Of(-2_000_000_000));
        w.Add("test.f32", GgufValue.Of(3.25f));
        w.Add("test.bool", GgufValue.Of(true));
        w.Add("test.string", GgufValue.Of("héllo ✓"));
        w.Add("test.u64", GgufValue.Of(ulong.MaxValue));
        w.Add("test.i64", GgufValue.Of(long.MinValue));
        w.Add("test.f64", GgufValue.Of(Math.PI));
        w.Add("test.strings", GgufValue.Of(["a", "", "Ġthe", "<|im_end|>"]));
        w.Add("test.ints", GgufValue.Of([1, -2, 3]));
        w.Add("test.floats", GgufValue.Of([0.5f, -1.5f]));
        w.Add("test.bools", new GgufValue(GgufValueType.Array, new GgufArray(GgufValueType.Bool, new[] { true, false, true })));
        w.Add("test.nested", new GgufValue(GgufValueType.Array, new GgufArray(GgufValueType.Array,
            new[] { new GgufArray(GgufValueType.Int32, new[] { 1, 2 }), new GgufArray(GgufValueType.String, new[] { "x" }) })));

        var rng = new Random(3);
        weights = new float[64 * 256];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(rng.NextDouble() - 0.5);
        float[] captured = weights;
        byte[] f32 = new byte[256 * 4];
        Buffer.BlockCopy(captured, 0, f32, 0, f32.Length);
        w.AddTensor("norm.weight", GgmlType.F32, [256], f32);
        w.AddTensor("f16.weight", GgmlType.F16, [256, 64], s => Quantized(s, GgmlType.F16, captured));
        w.AddTensor("q8.weight", GgmlType.Q8_0, [256, 64], s => Quantized(s, GgmlType.Q8_0, captured));
        w.AddTensor("q4k.weight", GgmlType.Q4_K, [256, 64], s => Quantized(s, GgmlType.Q4_K, captured));
        return w;
    }

    private static void Quantized(Stream s, GgmlType type, float[] values)
    {
        byte[] bytes = new byte[GgmlTypeTraits.RowSize(type, values.Length)];
        GgmlQuantizer.Quantize(type, values, bytes);
        s.Write(bytes);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
