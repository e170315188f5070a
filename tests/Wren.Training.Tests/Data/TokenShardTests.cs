using System.Buffers.Binary;
using Wren.Runtime;
using Wren.Runtime.Tokenization;
using Wren.Tests.Peers;
using Wren.Training.Data;

namespace Wren.Training.Tests.Data;

public sealed class TokenShardTests
{
    [Fact]
    public void ASmallVocabularyShardHasLlmCHeaderBytesThenUint16Tokens()
    {
        string dir = TokenizerPeer.TempDir();
        using (var writer = new TokenShardWriter(dir, "train", vocabularySize: 50257))
        {
            writer.Write([50256, 1, 2, 65535 - 15279]);
        }
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, "train_000.bin"));
        Assert.Equal(1024 + 4 * 2, bytes.Length);
        Assert.Equal(new byte[] { 0x88, 0xD8, 0x34, 0x01 }, bytes[..4]); // 20240520 = 0x0134D888, little-endian
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.All(bytes[12..1024], b => Assert.Equal(0, b));
        Assert.Equal(50256, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1024)));
        Assert.Equal(50256, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1030)));
    }

    [Fact]
    public void AVocabularyOver65536UsesVersion2WithUint32TokensAndReadsBack()
    {
        string dir = TokenizerPeer.TempDir();
        using (var writer = new TokenShardWriter(dir, "train", vocabularySize: 128256))
        {
            writer.Write([128000, 70000, 5]);
        }
        string path = Path.Combine(dir, "train_000.bin");
        Assert.Equal(1024 + 3 * 4, new FileInfo(path).Length);
        using var reader = new TokenShardReader(path);
        Assert.Equal(2, reader.Header.Version);
        Assert.Equal([128000, 70000, 5], reader.ReadAll());
    }

    [Fact]
    public void ShardsRollOverAtTheSizeLimitAndKeepEveryTokenInOrder()
    {
        string dir = TokenizerPeer.TempDir();
        int[] tokens = Enumerable.Range(0, 2500).Select(i => i % 1000).ToArray();
        using (var writer = new TokenShardWriter(dir, "val", vocabularySize: 1000, maxTokensPerShard: 1000))
        {
            writer.Write(tokens.AsSpan(0, 700));
            writer.Write(tokens.AsSpan(700));
        }
        var files = TokenShardReader.ShardFiles(dir, "val");
        Assert.Equal(["val_000.bin", "val_001.bin", "val_002.bin"], files.Select(Path.GetFileName));
        var all = files.SelectMany(f => { using var r = new TokenShardReader(f); return r.ReadAll(); }).ToArray();
        Assert.Equal(tokens, all);
    }

    [Fact]
    public void ATruncatedShardIsReportedWithItsPath()
    {
        string dir = TokenizerPeer.TempDir();
        using (var writer = new TokenShardWriter(dir, "train", 1000))
        {
            writer.Write([1, 2, 3]);
        }
        string path = Path.Combine(dir, "train_000.bin");
        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(f.Length - 1);
        }
        var e = Assert.Throws<WrenException>(() => new TokenShardReader(path));
        Assert.Contains("train_000.bin", e.Message);
    }

    [Fact]
    public void ATokenOutsideTheVocabularyIsRefused()
    {
        using var writer = new TokenShardWriter(TokenizerPeer.TempDir(), "train", 1000);
        Assert.Throws<WrenException>(() => writer.Write([1000]));
        writer.Abandon();
    }

    [Fact]
    public void TokenizingACorpusPutsTheSeparatorBeforeEachDocumentAndSplitsByIdDeterministically()
    {
        var tokenizer = BpeTokenizer.Load(Path.Combine(TokenizerPeer.TestDataDirectory, "hf-reference", "tiny-llama"));
        var docs = File.ReadLines(Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer", "sotu_sample.txt"))
            .Take(600).Select((t, i) => ($"doc-{i}", t)).ToList();
        string a = TokenizerPeer.TempDir(), b = TokenizerPeer.TempDir();
        var ra = CorpusTokenizer.Run(docs, tokenizer, new CorpusTokenizeOptions { OutputDirectory = a, ValidationFraction = 0.1, Threads = 1 });
        var rb = CorpusTokenizer.Run(docs, tokenizer, new CorpusTokenizeOptions { OutputDirectory = b, ValidationFraction = 0.1, Threads = 2 });
        Assert.Equal(600, ra.TrainDocuments + ra.ValidationDocuments);
        Assert.InRange(ra.ValidationDocuments, 30, 90);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "train_000.bin")), File.ReadAllBytes(Path.Combine(b, "train_000.bin")));

        using var reader = new TokenShardReader(Path.Combine(a, "train_000.bin"));
        int[] tokens = reader.ReadAll();
        Assert.Equal(0, tokens[0]); // <|endoftext|> first, as llm.c writes it
        Assert.Equal(docs.Count(d => !CorpusTokenizer.IsValidation(d.Item1, 0.1)), tokens.Count(t => t == 0));
        var firstTrain = docs.First(d => !CorpusTokenizer.IsValidation(d.Item1, 0.1));
        int next = Array.IndexOf(tokens, 0, 1);
        Assert.Equal(firstTrain.Item2, tokenizer.Decode(tokens.AsSpan(1, next - 1)));
    }
}
