using System.Text;
using Wren.Data.Documents;
using Wren.Runtime;
using ZstdSharp;

namespace Wren.Data.Tests;

/// <summary>
/// How <see cref="JsonlShardWriter"/> frames its zstd output (<see cref="ZstdFraming"/>) and how <see cref="JsonlReader"/>
/// reads it back: every byte of JSONL comes back whatever the chunk boundaries, record sizes or number of frames.
/// </summary>
public sealed class ZstdFramingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-framing-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Lines of 1..maxLength bytes (JSON strings), lengths cycling so that some end exactly on a chunk boundary.</summary>
    private static List<byte[]> Lines(int count, int maxLength, int seed = 1)
    {
        var random = new Random(seed);
        var lines = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            int length = 2 + (i * 7 + random.Next(3)) % Math.Max(1, maxLength - 2);
            var s = new StringBuilder(length).Append('"');
            while (s.Length < length - 1)
            {
                s.Append((char)('a' + random.Next(26)));
            }
            lines.Add(Encoding.ASCII.GetBytes(s.Append('"').ToString()));
        }
        return lines;
    }

    private static byte[] Jsonl(IEnumerable<byte[]> lines)
    {
        var all = new MemoryStream();
        foreach (byte[] line in lines)
        {
            all.Write(line);
            all.WriteByte((byte)'\n');
        }
        return all.ToArray();
    }

    private string WriteShard(IEnumerable<byte[]> lines, ZstdFraming framing, int chunkBytes, int level = JsonlShardWriter.DefaultCompressionLevel, string prefix = "part")
    {
        using (var writer = new JsonlShardWriter(_dir, prefix, long.MaxValue, 0, level, framing, chunkBytes))
        {
            foreach (byte[] line in lines)
            {
                writer.WriteRaw(line);
            }
        }
        return Assert.Single(Directory.GetFiles(_dir, prefix + "-*.jsonl.zst"));
    }

    /// <summary>Each frame of a zstd file decompressed on its own, found by walking the frames.</summary>
    private static unsafe List<byte[]> Frames(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var frames = new List<byte[]>();
        int offset = 0;
        fixed (byte* start = bytes)
        {
            while (offset < bytes.Length)
            {
                nuint frame = ZstdSharp.Unsafe.Methods.ZSTD_findFrameCompressedSize(start + offset, (nuint)(bytes.Length - offset));
                Assert.False(ZstdSharp.Unsafe.Methods.ZSTD_isError(frame), $"not a zstd frame at byte {offset} of {path}");
                using var one = new DecompressionStream(new MemoryStream(bytes, offset, (int)frame));
                var decompressed = new MemoryStream();
                one.CopyTo(decompressed);
                frames.Add(decompressed.ToArray());
                offset += (int)frame;
            }
        }
        return frames;
    }

    private static List<long> FrameSizes(string path) => Frames(path).Select(f => (long)f.Length).ToList();

    private static byte[] Decompress(string path)
    {
        using var stream = JsonlReader.OpenDecompressed(path);
        var all = new MemoryStream();
        stream.CopyTo(all);
        return all.ToArray();
    }

    [Fact]
    public void IndependentFramesHoldWholeLinesAndTheReaderReadsEveryFrame()
    {
        var lines = Lines(500, 60);
        string file = WriteShard(lines, ZstdFraming.IndependentFrames, chunkBytes: 256);

        var frames = Frames(file);
        Assert.True(frames.Count > 10, $"expected one frame per 256-byte chunk, got {frames.Count}");
        Assert.All(frames, frame => Assert.InRange(frame.Length, 1, 256));
        Assert.All(frames, frame => Assert.Equal((byte)'\n', frame[^1]));
        Assert.Equal(Jsonl(lines), Decompress(file));
        Assert.Equal(lines, JsonlReader.ReadLines(file).Select(l => l.Line.ToArray()));
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), JsonlReader.ReadLines(file).Select(l => l.LineNumber));
    }

    [Theory]
    [InlineData(ZstdFraming.IndependentFrames)]
    [InlineData(ZstdFraming.SingleFrame)]
    public void LinesThatEndExactlyOnOrJustPastAChunkBoundaryComeBackByteForByte(ZstdFraming framing)
    {
        // Chunk of 64 bytes; lines (with their newline) of 63, 64, 65, 1 and 32 bytes in turn.
        var lines = new List<byte[]>();
        foreach (int total in Enumerable.Repeat(new[] { 63, 64, 65, 1, 32, 32 }, 40).SelectMany(x => x))
        {
            lines.Add(total == 1 ? "0"u8.ToArray() : Encoding.ASCII.GetBytes("\"" + new string('x', total - 3) + "\""));
        }
        string file = WriteShard(lines, framing, chunkBytes: 64);

        Assert.Equal(Jsonl(lines), Decompress(file));
        Assert.Equal(lines, JsonlReader.ReadLines(file).Select(l => l.Line.ToArray()));
    }

    [Theory]
    [InlineData(ZstdFraming.IndependentFrames)]
    [InlineData(ZstdFraming.SingleFrame)]
    public void ARecordLongerThanTheChunkIsWrittenWhole(ZstdFraming framing)
    {
        var big = Encoding.ASCII.GetBytes("{\"text\":\"" + string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + i % 26))) + "\"}");
        var lines = new List<byte[]> { "{\"n\":1}"u8.ToArray(), big, "{\"n\":2}"u8.ToArray(), big, big, "{\"n\":3}"u8.ToArray() };
        string file = WriteShard(lines, framing, chunkBytes: 1000);

        Assert.Equal(Jsonl(lines), Decompress(file));
        Assert.Equal(lines, JsonlReader.ReadLines(file).Select(l => l.Line.ToArray()));
        if (framing == ZstdFraming.IndependentFrames)
        {
            // Records never straddle frames, long ones included.
            var frames = Frames(file);
            Assert.All(frames, frame => Assert.Equal((byte)'\n', frame[^1]));
            int wholeBigLines = frames.Sum(frame => Encoding.ASCII.GetString(frame).Split('\n').Count(line => line == Encoding.ASCII.GetString(big)));
            Assert.Equal(3, wholeBigLines);
        }
    }

    [Fact]
    public void ASingleFrameShardIsOneFrameWhetherCompressedInOneCallOrStreamed()
    {
        // 8 chunks or less: compressed in one call; more: streamed (a chunk per call) into the same one frame.
        var small = Lines(100, 40, seed: 2);
        string one = WriteShard(small, ZstdFraming.SingleFrame, chunkBytes: 1024);
        Assert.Equal([Jsonl(small).Length], FrameSizes(one).Select(s => (int)s));
        Assert.Equal(Jsonl(small), Decompress(one));
        File.Delete(one);

        var large = Lines(3000, 80, seed: 3);
        Assert.True(Jsonl(large).Length > 8 * 1024);
        string streamed = WriteShard(large, ZstdFraming.SingleFrame, chunkBytes: 1024);
        Assert.Equal([Jsonl(large).Length], FrameSizes(streamed).Select(s => (int)s));
        Assert.Equal(Jsonl(large), Decompress(streamed));
    }

    [Fact]
    public void FramesWrittenBySeparateCompressorsAreReadAsOneFile()
    {
        // What `cat a.zst b.zst > c.zst` makes, or another tool that flushes frames: valid zstd, read to the end.
        Directory.CreateDirectory(_dir);
        string file = Path.Combine(_dir, "joined.jsonl.zst");
        using (var output = File.Create(file))
        {
            output.Write(new Compressor(3).Wrap("{\"text\":\"first\"}\n{\"text\":\"second\"}\n"u8));
            using (var stream = new CompressionStream(output, 1, leaveOpen: true))
            {
                stream.Write("{\"text\":\"third\"}\n"u8);
            }
            output.Write(new Compressor(-5).Wrap("{\"text\":\"fourth\"}"u8));
        }

        Assert.Equal(["first", "second", "third", "fourth"], DocumentShardReader.Read(file).Select(d => d.Text));
    }

    [Fact]
    public void AShardOfIndependentFramesCutInsideAFrameIsReportedWithItsPath()
    {
        var lines = Lines(3000, 120, seed: 4);
        string file = WriteShard(lines, ZstdFraming.IndependentFrames, chunkBytes: 4096, JsonlShardWriter.WorkingFileCompressionLevel);
        byte[] bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length / 2 + 7).ToArray());

        var e = Assert.Throws<WrenException>(() => JsonlReader.ReadLines(file).Count());
        Assert.Contains(file, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void AReaderStoppedMidFrameLeavesItsPooledContextReadyForTheNextFile()
    {
        var first = Lines(4000, 100, seed: 5);
        var second = Lines(4000, 100, seed: 6);
        string moved = WriteShard(first, ZstdFraming.SingleFrame, chunkBytes: 1 << 12, prefix: "single");
        string b = WriteShard(second, ZstdFraming.IndependentFrames, chunkBytes: 1 << 12, prefix: "frames");

        for (int round = 0; round < 3; round++)
        {
            // Stop after a few lines, mid-frame, then read files whole: the pooled decompressor must start clean.
            Assert.Equal(first.Take(3), JsonlReader.ReadLines(moved).Take(3).Select(l => l.Line.ToArray()));
            Assert.Equal(second, JsonlReader.ReadLines(b).Select(l => l.Line.ToArray()));
            Assert.Equal(first, JsonlReader.ReadLines(moved).Select(l => l.Line.ToArray()));
        }
    }

    [Fact]
    public void AnAbortedStreamingShardLeavesItsPooledCompressorReadyForTheNextShard()
    {
        var lines = Lines(2000, 80, seed: 7);
        for (int round = 0; round < 3; round++)
        {
            var aborted = new JsonlShardWriter(_dir, "gone", long.MaxValue, 0, JsonlShardWriter.DefaultCompressionLevel, ZstdFraming.SingleFrame, 512);
            foreach (byte[] line in lines)
            {
                aborted.WriteRaw(line);
            }
            aborted.Abort();
        }
        Assert.Empty(Directory.GetFiles(_dir));

        string file = WriteShard(lines, ZstdFraming.SingleFrame, chunkBytes: 512);
        Assert.Single(FrameSizes(file));
        Assert.Equal(Jsonl(lines), Decompress(file));
    }
}
