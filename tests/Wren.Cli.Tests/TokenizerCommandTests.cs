using System.Text.Json;

namespace Wren.Cli.Tests;

public sealed class TokenizerCommandTests
{
    private static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    private static async Task<(int Code, string Out)> Run(params string[] args)
    {
        var original = Console.Out;
        var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            int code = await Program.Run(args);
            return (code, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public async Task Train_then_encode_then_decode_gives_back_the_text_and_writes_shards()
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
    public async Task Decode_with_malformed_ids_is_a_user_error()
    {
        var (code, _) = await Run("tokenizer", "decode", "--tokenizer", TestData("hf-reference", "tiny-llama"), "[1, two]");
        Assert.Equal(1, code);
    }
}
