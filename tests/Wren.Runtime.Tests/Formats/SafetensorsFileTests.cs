using System.Buffers.Binary;
using System.Text;
using Wren.Runtime.Formats.Safetensors;

namespace Wren.Runtime.Tests.Formats;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WrittenTensorsReadBackWithTheirShapesTypesAndMetadata()
    {
        var writer = new SafetensorsWriter();
        writer.Add("a", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        writer.Add("b.bf16", SafetensorsDType.BF16, [2], new byte[] { 0x80, 0x3F, 0x00, 0xC0 }); // 1.0, -2.0
        writer.Add("empty", [], 0);
        string path = Path.Combine(_dir, "x.safetensors");
        writer.Save(path, new Dictionary<string, string> { ["format"] = "pt" });

        Assert.Equal(0, (new FileInfo(path).Length - 8 - 6 * 4 - 4) % 8); // header padded to 8
        using var file = SafetensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([2L, 3L], file.GetInfo("a").Shape);
        Assert.Equal(SafetensorsDType.F32, file.GetInfo("a").DType);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], file.ReadAsSingle("a"));
        Assert.Equal([1f, -2f], file.ReadAsSingle("b.bf16"));
        Assert.Empty(file.ReadAsSingle("empty"));
        Assert.Equal(3, file.Tensors.Count);
    }

    [Fact]
    public void ReadsTheTransformersFixtureInPlace()
    {
        using var file = SafetensorsFile.Open(Path.Combine(HfReference.Folder("tiny-llama"), "model.safetensors"));
        var info = file.GetInfo("model.layers.0.mlp.down_proj.weight");
        Assert.Equal([64L, 176L], info.Shape);
        Assert.Equal(64 * 176 * 4, file.GetBytes(info).Length);
        Assert.All(file.ReadAsSingle("model.norm.weight"), x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void TruncatedFileNamesTheTensorAndTheFile()
    {
        string path = WriteSample("t.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var e = Assert.Throws<WrenException>(() => SafetensorsFile.Open(path));
        Assert.Contains("'second'", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void FileShorterThanItsHeaderIsTruncated()
    {
        string path = WriteSample("h.safetensors");
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..20]);
        var e = Assert.Throws<WrenException>(() => SafetensorsFile.Open(path));
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<WrenException>(() => SafetensorsFile.Open(path));
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12")]
    [InlineData("{\"w\":{\"dtype\":\"Q9\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unsupported dtype")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "non-negative")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "overlap")]
    [InlineData("{\"w\":", "not valid JSON")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", "more F32 values than any file could")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\"0\",8]}}", "'data_offsets' must be [begin, end]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "names tensor 'w' twice")]
    public void MalformedHeadersAreRejectedNamingTheProblem(string header, string expected)
    {
        string path = Path.Combine(_dir, "bad.safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<WrenException>(() => SafetensorsFile.Open(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void MissingTensorNamesTheTensorAndTheFile()
    {
        string path = WriteSample("m.safetensors");
        using var file = SafetensorsFile.Open(path);
        var e = Assert.Throws<WrenException>(() => file.GetInfo("nope"));
        Assert.Contains("'nope'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ShardedCheckpointFindsEachTensorInItsShard()
    {
        using var checkpoint = SafetensorsCheckpoint.Open(HfReference.Folder("tiny-llama-bf16-sharded"));
        Assert.Equal(2, checkpoint.Files.Count);
        Assert.EndsWith("model-00002-of-00002.safetensors", checkpoint.FileOf("model.norm.weight").Path);
        Assert.Equal(SafetensorsDType.BF16, checkpoint.GetInfo("model.embed_tokens.weight").DType);
    }

    [Fact]
    public void ShardIndexThatListsAMissingTensorIsAnError()
    {
        WriteSample("model-1.safetensors");
        File.WriteAllText(Path.Combine(_dir, SafetensorsCheckpoint.IndexFileName),
            "{\"weight_map\":{\"first\":\"model-1.safetensors\",\"second\":\"model-1.safetensors\",\"third\":\"model-1.safetensors\"}}");
        var e = Assert.Throws<WrenException>(() => SafetensorsCheckpoint.Open(_dir));
        Assert.Contains("'third'", e.Message);
        Assert.Contains("model-1.safetensors", e.Message);
    }

    [Fact]
    public void ShardWithATensorTheIndexDoesNotListIsAnError()
    {
        WriteSample("model-1.safetensors");
        File.WriteAllText(Path.Combine(_dir, SafetensorsCheckpoint.IndexFileName), "{\"weight_map\":{\"first\":\"model-1.safetensors\"}}");
        var e = Assert.Throws<WrenException>(() => SafetensorsCheckpoint.Open(_dir));
        Assert.Contains("'second'", e.Message);
    }

    [Fact]
    public void MissingShardFileIsAnError()
    {
        File.WriteAllText(Path.Combine(_dir, SafetensorsCheckpoint.IndexFileName), "{\"weight_map\":{\"w\":\"model-9.safetensors\"}}");
        var e = Assert.Throws<WrenException>(() => SafetensorsCheckpoint.Open(_dir));
        Assert.Contains("model-9.safetensors", e.Message);
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void SaveLeavesNoFileWhenATensorIsInvalid()
    {
        var writer = new SafetensorsWriter();
        Assert.Throws<ArgumentException>(() => writer.Add("w", SafetensorsDType.F32, [3], new byte[8]));
        writer.Add("ok", [1f], 1);
        Assert.Throws<ArgumentException>(() => writer.Add("ok", [2f], 1));
        string path = Path.Combine(_dir, "atomic.safetensors");
        writer.Save(path);
        Assert.Single(Directory.GetFiles(_dir));
    }

    private string WriteSample(string name)
    {
        var writer = new SafetensorsWriter();
        writer.Add("first", [1f, 2f], 2);
        writer.Add("second", [3f, 4f, 5f], 3);
        string path = Path.Combine(_dir, name);
        writer.Save(path);
        return path;
    }
}
