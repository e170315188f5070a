using System.Buffers.Binary;
using System.Text;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Quantization;

namespace Wren.Runtime.Tests.Formats.Gguf;

public sealed class GgufReaderTests : IDisposable
{
    private readonly GgufTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadsBackEveryMetadataTypeTheWriterWrote()
    {
        string path = _files.PathFor("all.gguf");
        GgufTestFiles.SampleWriter(out _).Write(path);
        using GgufReader r = GgufReader.Open(path);
        Assert.Equal(3u, r.Version);
        Assert.Equal(32, r.Alignment);
        Assert.Equal((byte)200, r.Get("test.u8").Value);
        Assert.Equal((sbyte)-100, r.Get("test.i8").Value);
        Assert.Equal((ushort)60000, r.Get("test.u16").Value);
        Assert.Equal((short)-30000, r.Get("test.i16").Value);
        Assert.Equal(4_000_000_000u, r.Get("test.u32").Value);
        Assert.Equal(-2_000_000_000, r.Get("test.i32").Value);
        Assert.Equal(3.25f, r.Get("test.f32").AsSingle());
        Assert.True(r.Get("test.bool").AsBool());
        Assert.Equal("héllo ✓", r.GetString("test.string"));
        Assert.Equal(ulong.MaxValue, r.Get("test.u64").Value);
        Assert.Equal(long.MinValue, r.Get("test.i64").AsInt64());
        Assert.Equal(Math.PI, r.Get("test.f64").Value);
        Assert.Equal(["a", "", "Ġthe", "<|im_end|>"], (string[])r.Get("test.strings").AsArray().Items);
        Assert.Equal([1, -2, 3], (int[])r.Get("test.ints").AsArray().Items);
        Assert.Equal([0.5f, -1.5f], (float[])r.Get("test.floats").AsArray().Items);
        Assert.Equal([true, false, true], (bool[])r.Get("test.bools").AsArray().Items);
        var nested = (GgufArray[])r.Get("test.nested").AsArray().Items;
        Assert.Equal([1, 2], (int[])nested[0].Items);
        Assert.Equal(["x"], (string[])nested[1].Items);
        Assert.Equal("general.architecture", r.MetadataEntries[0].Key);
    }

    [Fact]
    public void ReadsBackTensorTableAndDataAlignedTo32Bytes()
    {
        string path = _files.PathFor("tensors.gguf");
        GgufTestFiles.SampleWriter(out float[] weights).Write(path);
        using GgufReader r = GgufReader.Open(path);
        Assert.Equal(["norm.weight", "f16.weight", "q8.weight", "q4k.weight"], r.Tensors.Select(t => t.Name));
        Assert.Equal(0, r.DataOffset % 32);
        Assert.All(r.Tensors, t => Assert.Equal(0, t.Offset % 32));
        Assert.Equal(weights.AsSpan(0, 256).ToArray(), r.ReadAsSingle(r.GetTensor("norm.weight")));
        GgufTensorInfo q8 = r.GetTensor("q8.weight");
        Assert.Equal([256L, 64L], q8.Dimensions);
        Assert.Equal(GgmlType.Q8_0, q8.Type);
        Assert.Equal(64 * 8 * 34, q8.ByteSize);
        float[] expected = new float[weights.Length];
        byte[] blocks = new byte[q8.ByteSize];
        Q8_0Format.QuantizeScalar(weights, blocks);
        Assert.Equal(blocks, r.GetTensorBytes(q8).ToArray());
        Q8_0Format.DequantizeScalar(blocks, expected);
        Assert.Equal(expected, r.ReadAsSingle(q8));
        Assert.Equal(blocks.AsSpan(34 * 8 * 3, 34 * 8 * 2).ToArray(), r.GetRowBytes(q8, 3, 2).ToArray());
        float[] f16 = r.ReadAsSingle(r.GetTensor("f16.weight"));
        for (int i = 0; i < weights.Length; i++) Assert.Equal((float)(Half)weights[i], f16[i]);
    }

    [Fact]
    public void HonoursANonDefaultAlignmentFromGeneralAlignment()
    {
        string path = _files.PathFor("aligned.gguf");
        var w = new GgufWriter(alignment: 64);
        w.AddTensor("a", GgmlType.F32, [3], new byte[12]);
        w.AddTensor("b", GgmlType.F32, [5], Enumerable.Range(0, 20).Select(i => (byte)i).ToArray());
        w.Write(path);
        using GgufReader r = GgufReader.Open(path);
        Assert.Equal(64, r.Alignment);
        Assert.Equal(64u, r.Get("general.alignment").Value);
        Assert.Equal(0, r.DataOffset % 64);
        Assert.Equal(64, r.GetTensor("b").Offset);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), r.GetTensorBytes(r.GetTensor("b")).ToArray());
    }

    [Fact]
    public void ReadsVersion2Files()
    {
        string path = _files.PathFor("v2.gguf");
        GgufTestFiles.SampleWriter(out _).Write(path);
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 2);
        File.WriteAllBytes(path, bytes);
        using GgufReader r = GgufReader.Open(path);
        Assert.Equal(2u, r.Version);
        Assert.Equal(4, r.Tensors.Count);
    }

    [Fact]
    public void TruncatedFileAtEveryPointGivesAnErrorNamingTheFileAndWhatIsCut()
    {
        string path = _files.PathFor("full.gguf");
        GgufTestFiles.SampleWriter(out _).Write(path);
        byte[] full = File.ReadAllBytes(path);
        long dataOffset;
        using (GgufReader r = GgufReader.Open(path)) dataOffset = r.DataOffset;
        string cut = _files.PathFor("cut.gguf");
        foreach (int length in new[] { 0, 3, 10, 23, 40, 200, (int)dataOffset - 40, (int)dataOffset + 100, full.Length - 1 })
        {
            File.WriteAllBytes(cut, full.AsSpan(0, length).ToArray());
            var e = Assert.Throws<WrenException>(() => GgufReader.Open(cut).Dispose());
            Assert.Contains(cut, e.Message);
            Assert.Contains("truncated", e.Message);
            if (length > dataOffset) Assert.Contains("tensor '", e.Message);
        }
    }

    [Fact]
    public void WrongMagicAndVersionsAreNamedInTheError()
    {
        string path = _files.PathFor("bad.gguf");
        GgufTestFiles.SampleWriter(out _).Write(path);
        byte[] good = File.ReadAllBytes(path);

        byte[] bad = (byte[])good.Clone();
        Encoding.ASCII.GetBytes("GGML").CopyTo(bad, 0);
        Assert.Contains("not a GGUF file", OpenError(bad));

        bad = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(4), 1);
        Assert.Contains("version 1", OpenError(bad));

        bad = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(4), 7);
        Assert.Contains("version 7", OpenError(bad));
    }

    [Fact]
    public void CorruptCountsLengthsAndTypesGiveClearErrors()
    {
        string path = _files.PathFor("c.gguf");
        GgufTestFiles.SampleWriter(out _).Write(path);
        byte[] good = File.ReadAllBytes(path);

        byte[] bad = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(16), 1UL << 60); // metadata count
        Assert.Contains("metadata count", OpenError(bad));

        bad = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(24), 1UL << 40); // length of the first key
        Assert.Contains("corrupt", OpenError(bad));

        bad = (byte[])good.Clone();
        int typeAt = 24 + 8 + "general.architecture".Length; // the first value's type
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(typeAt), 99);
        Assert.Contains("'general.architecture'", OpenError(bad));

        // The type of the last tensor (q4k.weight): locate it through the name.
        bad = (byte[])good.Clone();
        int nameAt = IndexOf(bad, Encoding.UTF8.GetBytes("q4k.weight"));
        int tensorTypeAt = nameAt + "q4k.weight".Length + 4 + 2 * 8;
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(tensorTypeAt), 77);
        string message = OpenError(bad);
        Assert.Contains("'q4k.weight'", message);
        Assert.Contains("unknown ggml type 77", message);

        bad = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(tensorTypeAt + 4), 33); // offset not aligned
        Assert.Contains("alignment", OpenError(bad));
    }

    [Fact]
    public void ABadStringInsideAStringArrayIsNamedByItsIndexAndKey()
    {
        string path = _files.PathFor("s.gguf");
        GgufTestFiles.SampleWriter(out _).Write(path);
        byte[] good = File.ReadAllBytes(path);

        // test.strings = ["a", "", "Ġthe", "<|im_end|>"]: break the UTF-8 of element 2, then make element 3 claim more bytes than the file has.
        byte[] bad = (byte[])good.Clone();
        int the = IndexOf(bad, Encoding.UTF8.GetBytes("Ġthe"));
        bad[the] = 0xFF;
        string message = OpenError(bad);
        Assert.Contains("element 2 of 'test.strings'", message);
        Assert.Contains("not valid UTF-8", message);

        bad = (byte[])good.Clone();
        int end = IndexOf(bad, Encoding.UTF8.GetBytes("<|im_end|>"));
        BinaryPrimitives.WriteUInt64LittleEndian(bad.AsSpan(end - 8), 1UL << 40);
        message = OpenError(bad);
        Assert.Contains("element 3 of 'test.strings'", message);
        Assert.Contains("past the end of the file", message);
    }

    [Fact]
    public void RowsThatAreNotWholeBlocksAreRejectedNamingTheTensor()
    {
        string path = _files.PathFor("rows.gguf");
        var w = new GgufWriter();
        w.AddTensor("x.weight", GgmlType.F32, [32], new byte[128]);
        w.Write(path);
        byte[] bytes = File.ReadAllBytes(path);
        int nameAt = IndexOf(bytes, Encoding.UTF8.GetBytes("x.weight"));
        int typeAt = nameAt + "x.weight".Length + 4 + 8;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(typeAt - 8), 48); // 48 values of...
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(typeAt), (uint)GgmlType.Q8_0); // ...Q8_0 (block 32)
        string message = OpenError(bytes);
        Assert.Contains("'x.weight'", message);
        Assert.Contains("not a multiple of its block size 32", message);
    }

    [Fact]
    public void MissingFileAndMissingKeyAreUserErrors()
    {
        Assert.Throws<WrenException>(() => GgufReader.Open(_files.PathFor("nope.gguf")));
        string path = _files.PathFor("k.gguf");
        GgufTestFiles.SampleWriter(out _).Write(path);
        using GgufReader r = GgufReader.Open(path);
        Assert.Contains("'llama.block_count'", Assert.Throws<WrenException>(() => r.Get("llama.block_count")).Message);
        Assert.Contains("String was expected", Assert.Throws<WrenException>(() => r.Get("test.u32", GgufValueType.String)).Message);
        Assert.Contains("'missing.weight'", Assert.Throws<WrenException>(() => r.GetTensor("missing.weight")).Message);
    }

    private string OpenError(byte[] bytes)
    {
        string path = _files.PathFor("probe.gguf");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<WrenException>(() => GgufReader.Open(path).Dispose());
        Assert.StartsWith(path, e.Message);
        return e.Message;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
