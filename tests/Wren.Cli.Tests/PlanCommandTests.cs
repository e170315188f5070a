using System.Text.Json;

namespace Wren.Cli.Tests;

/// <summary>Runs <c>wren plan</c> in-process on a test console.</summary>
public sealed class PlanCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (code, output, error) = await WrenCli.Capture(args);
        return (code, output, error);
    }

    [Fact]
    public async Task Phi2PlanAsJsonPrintsAbout14DaysAnd66ThousandDollars()
    {
        var (code, output, _) = await Run(
            "plan", "--params", "2.7e9", "--tokens", "1.4e12", "--gpu", "A100-80GB", "--gpus", "96",
            "--price", "2.06", "--mfu", "0.6", "--json");

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        foreach (string key in new[] { "flops", "days", "gpu_hours", "cost_usd", "chinchilla_tokens", "memory_gb_per_gpu" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing '{key}'");
        }
        Assert.Equal(2.268e22, root.GetProperty("flops").GetDouble(), 1e18);
        Assert.InRange(root.GetProperty("days").GetDouble(), 14 * 0.9, 14 * 1.1);
        Assert.InRange(root.GetProperty("cost_usd").GetDouble(), 66_000 * 0.9, 66_000 * 1.1);
        Assert.Equal(54e9, root.GetProperty("chinchilla_tokens").GetDouble());
        Assert.InRange(root.GetProperty("memory_gb_per_gpu").GetDouble(), 1, 80);
        Assert.Equal(4, root.GetProperty("inference").GetArrayLength());
        Assert.Equal("A100-80GB", root.GetProperty("hardware").GetProperty("name").GetString());
    }

    [Fact]
    public async Task DaysSolveForMfuAndSuffixedCountsAreRead()
    {
        var (code, output, _) = await Run(
            "plan", "--params", "124.475904M", "--layers", "12", "--hidden", "768", "--vocab", "50257", "--seq", "1024",
            "--tokens", "10B", "--gpu", "a100", "--gpus", "8", "--days", "0.0625", "--json");

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("mfu_solved_from_days").GetBoolean());
        Assert.InRange(doc.RootElement.GetProperty("mfu").GetDouble(), 0.54, 0.66);
        Assert.Equal(10e9, doc.RootElement.GetProperty("tokens").GetDouble());
    }

    [Fact]
    public async Task CorpusIsCountedWithTheTokenizerAndPlannedOn()
    {
        string dir = Directory.CreateTempSubdirectory("wren-plan-corpus-").FullName;
        try
        {
            string[] texts =
            [
                "Mr. Speaker, the state of the Union is strong. We will build roads, schools and ports.\n",
                "Quarterly report: revenue rose 12% to $4.2 million; the board met on 3 March. Ünïcödé too.\n",
            ];
            File.WriteAllText(Path.Combine(dir, "a.txt"), texts[0]);
            File.WriteAllText(Path.Combine(dir, "b.txt"), texts[1]);
            string tokenizerPath = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama", "tokenizer.json");
            var tokenizer = Wren.Runtime.Tokenization.BpeTokenizer.Load(tokenizerPath);
            long expected = 0;
            foreach (string t in texts)
            {
                expected += tokenizer.Encode(t, addSpecialTokens: false).Length + 1;
            }

            var (code, output, _) = await Run("plan", "--params", "10M", "--corpus", dir, "--tokenizer", tokenizerPath,
                "--gpu", "H100", "--json");

            Assert.Equal(0, code);
            using JsonDocument doc = JsonDocument.Parse(output);
            Assert.Equal(expected, doc.RootElement.GetProperty("tokens").GetDouble());

            var (missing, _, error) = await Run("plan", "--params", "10M", "--corpus", dir);
            Assert.Equal(1, missing);
            Assert.Contains("--corpus needs --tokenizer", error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task UnknownGpuIsAOneLineUserErrorListingKnownGpus()
    {
        var (code, _, error) = await Run("plan", "--params", "1B", "--gpu", "TPUv5");

        Assert.Equal(1, code);
        Assert.Contains("unknown GPU 'TPUv5'", error);
        Assert.Contains("H100", error);
        Assert.Contains("RTX4090", error);
    }

    [Fact]
    public async Task GpuListAsJsonPrintsTheCatalog()
    {
        var (code, output, _) = await Run("plan", "--gpu", "list", "--json");

        Assert.Equal(0, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Contains(doc.RootElement.EnumerateArray(), g => g.GetProperty("name").GetString() == "H200");
    }
}
