using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Quantization;

namespace Wren.Runtime.Tests.Formats.Gguf;

public sealed class GgufWriterTests : IDisposable
{
    private readonly GgufTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void WritesTheGgufV3HeaderByteLayout()
    {
        var w = new GgufWriter();
        w.Add("k", GgufValue.Of(7u));
        w.AddTensor("t", GgmlType.F32, [1], new byte[4]);
        var ms = new MemoryStream();
        long n = w.WriteTo(ms);
        byte[] b = ms.ToArray();
        Assert.Equal(n, b.Length);
        Assert.Equal("GGUF"u8.ToArray(), b[..4]);
        Assert.Equal(3u, BitConverter.ToUInt32(b, 4));
        Assert.Equal(1UL, BitConverter.ToUInt64(b, 8));   // tensors
        Assert.Equal(1UL, BitConverter.ToUInt64(b, 16));  // metadata
        Assert.Equal(1UL, BitConverter.ToUInt64(b, 24));  // key length
        Assert.Equal((byte)'k', b[32]);
        Assert.Equal((uint)GgufValueType.UInt32, BitConverter.ToUInt32(b, 33));
        Assert.Equal(7u, BitConverter.ToUInt32(b, 37));
        Assert.Equal(0, b.Length % 32);
    }

    [Fact]
    public void ATensorCallbackWritingTheWrongSizeFailsAndLeavesNoFile()
    {
        string path = _files.PathFor("short.gguf");
        var w = new GgufWriter();
        w.AddTensor("t", GgmlType.Q8_0, [64, 2], s => s.Write(new byte[10]));
        var e = Assert.Throws<InvalidOperationException>(() => w.Write(path));
        Assert.Contains("'t'", e.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void RejectsDuplicateKeysAndTensorsBadShapesAndMistypedValues()
    {
        var w = new GgufWriter();
        w.Add("a", GgufValue.Of(1));
        Assert.Throws<ArgumentException>(() => w.Add("a", GgufValue.Of(2)));
        Assert.Throws<ArgumentException>(() => w.Add("b", new GgufValue(GgufValueType.UInt32, 5)));
        w.AddTensor("t", GgmlType.F32, [4], new byte[16]);
        Assert.Throws<ArgumentException>(() => w.AddTensor("t", GgmlType.F32, [4], new byte[16]));
        Assert.Contains("block size", Assert.Throws<ArgumentException>(() => w.AddTensor("q", GgmlType.Q4_K, [128, 2], new byte[0])).Message);
        Assert.Throws<ArgumentException>(() => w.AddTensor(new string('n', 64), GgmlType.F32, [1], new byte[4]));
    }

    [Fact]
    public void OverwritesAnExistingFileAtomically()
    {
        string path = _files.PathFor("over.gguf");
        File.WriteAllText(path, "old");
        GgufTestFiles.SampleWriter(out _).Write(path);
        using GgufReader r = GgufReader.Open(path);
        Assert.Equal(4, r.Tensors.Count);
    }
}
