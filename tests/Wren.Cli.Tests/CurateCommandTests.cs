namespace Wren.Cli.Tests;

public sealed class CurateCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-curate-cli-" + Guid.NewGuid().ToString("N"));

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "TestData", "curation", "sample.jsonl");

    public CurateCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task InitWritesARecipeThatCurateThenRunsWith()
    {
        string recipe = Path.Combine(_root, "curate.yaml");
        Assert.Equal(0, await WrenCli.Run(["curate", "--init", recipe]));
        string yaml = File.ReadAllText(recipe);
        Assert.Contains("min_doc_words: 50", yaml);
        // Language ID off to keep the test quick; everything else as written by --init.
        File.WriteAllText(recipe, yaml.Replace("language:  #", "language:\n  enabled: false  #").Replace("  enabled: true\n  keep: [en]", "  keep: [en]"));
        string output = Path.Combine(_root, "out");
        Assert.Equal(0, await WrenCli.Run(["curate", Sample, "--out", output, "--config", recipe, "-j", "1"]));
        Assert.True(File.Exists(Path.Combine(output, "stats.json")));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "curated"), "part-*.jsonl.zst"));
    }

    [Fact]
    public async Task DryRunAndExplainWriteNothingAndExitZero()
    {
        Assert.Equal(0, await WrenCli.Run(["curate", Sample, "--dry-run", "--sample", "5"]));
        Assert.Equal(0, await WrenCli.Run(["curate", Sample, "--explain", "spam-1/00005"]));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public async Task BadInputIsAOneLineUserError()
    {
        Assert.Equal(1, await WrenCli.Run(["curate", Sample, "--explain", "no-such-document"]));
        Assert.Equal(1, await WrenCli.Run(["curate", Path.Combine(_root, "missing"), "--out", Path.Combine(_root, "out")]));
        string badRecipe = Path.Combine(_root, "bad.yaml");
        File.WriteAllText(badRecipe, "dedup:\n  keep: oldest\n");
        Assert.Equal(1, await WrenCli.Run(["curate", Sample, "--out", Path.Combine(_root, "out2"), "--config", badRecipe]));
    }
}
