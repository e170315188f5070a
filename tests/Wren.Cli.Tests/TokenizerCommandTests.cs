using System.Text.Json;

namespace Wren.Cli.Tests;

public sealed class TokenizerCommandTests
{
    private static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    private static async Task<(int Code, string Out)> Run(params string[] args)
    {
        var (code, output, _) = await WrenCli.Capture(args);
        return (code, output);
    }

    [Fact]
    public async Task TrainThenEncodeThenDecodeGivesBackTheTextAndWritesShards()
    {
        string dir = Path.Combine(Path.GetTempPath(), "wren-cli-tok-" + Guid.NewGuid().ToString("N")[..8]);
        string corpus = TestData("tokenizer", "sotu_sample.txt");
        var (code, _) = await Run("tokenizer", "train", corpus, "--vocab", "800", "--out", dir, "--special", "<|pad|>");
        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(dir, "tokenizer.json")));
        Assert.True(File.Exists(Path.Combine(dir, "tokenizer_config.json")));

        const string text = "Fellow-Citizens: the state of the Union is strong.";
        (code, string encoded) = await Run("tokenizer", "encode", "--tokenizer", dir, text);
        Assert.Equal(0, code);
        int[] ids = JsonSerializer.Deserialize<int[]>(encoded)!;
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, 0, 799));

        (code, string decoded) = await Run("tokenizer", "decode", "--tokenizer", dir, encoded.Trim());
        Assert.Equal(0, code);
        Assert.Equal(text, decoded.TrimEnd('\n', '\r'));

        string tokens = Path.Combine(dir, "tokens");
        (code, _) = await Run("tokenize", corpus, "--tokenizer", dir, "--out", tokens, "--val-fraction", "0");
        Assert.Equal(0, code);
        Assert.True(new FileInfo(Path.Combine(tokens, "train_000.bin")).Length > 1024);
    }

    [Fact]
    public async Task TrainingOnCuratedJsonlSkipsAMalformedRecordAndTokenizesEveryGoodDocument()
    {
        string dir = Path.Combine(Path.GetTempPath(), "wren-cli-jsonl-" + Guid.NewGuid().ToString("N")[..8]);
        string curated = Path.Combine(dir, "curated");
        Directory.CreateDirectory(curated);
        var lines = File.ReadLines(TestData("tokenizer", "sotu_sample.txt")).Take(300)
            .Select((t, i) => JsonSerializer.Serialize(new { id = $"doc-{i}", text = t, source = "sotu", metadata = new { } })).ToList();
        lines.Insert(10, "{not json");
        File.WriteAllLines(Path.Combine(curated, "part-000.jsonl"), lines);

        var (code, output) = await Run("tokenizer", "train", curated, "--vocab", "600", "--regex", "llama3", "--out", dir);
        Assert.Equal(0, code);
        var tokenizer = Wren.Runtime.Tokenization.BpeTokenizer.Load(dir);
        Assert.Equal(600, tokenizer.VocabularySize);

        (code, _) = await Run("tokenize", curated, "--tokenizer", dir, "--out", Path.Combine(dir, "tokens"), "--val-fraction", "0.1");
        Assert.Equal(0, code);
        long separators = 0;
        foreach (string shard in Directory.GetFiles(Path.Combine(dir, "tokens"), "*.bin"))
        {
            using var reader = new Wren.Training.Data.TokenShardReader(shard);
            separators += reader.ReadAll().Count(t => t == 0);
        }
        Assert.Equal(300, separators); // every good document once, the malformed line skipped

        // The validation documents are also written as text, for wren eval, and only they.
        var heldOut = File.ReadAllLines(Path.Combine(dir, "tokens", "heldout.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(heldOut);
        Assert.All(heldOut, id => Assert.True(Wren.Training.Data.CorpusTokenizer.IsValidation(id, 0.1), id));
        Assert.Equal(Enumerable.Range(0, 300).Count(i => Wren.Training.Data.CorpusTokenizer.IsValidation($"doc-{i}", 0.1)), heldOut.Count);
    }

    [Fact]
    public async Task DecodeWithMalformedIdsIsAUserError()
    {
        var (code, _) = await Run("tokenizer", "decode", "--tokenizer", TestData("hf-reference", "tiny-llama"), "[1, two]");
        Assert.Equal(1, code);
    }
}
