using Spectre.Console.Testing;
using Wren.Cli.Commands;
using Wren.Cli.Terminal;

namespace Wren.Cli.Tests;

public sealed class UnknownOptionTests
{
    private static string? Find(params string[] args) =>
        UnknownOption.Find(Program.CreateRoot(new CliConsole(new TestConsole(), new TestConsole(), TextReader.Null)).Parse(args));

    [Fact]
    public void AnOptionTheVerbLacksIsAnOptionErrorNotASourcePath()
    {
        string? error = Find("build", "samples/acme", "--out", "out/", "--epochs", "3");

        Assert.NotNull(error);
        Assert.StartsWith("wren build has no option '--epochs'", error, StringComparison.Ordinal);
        Assert.Contains("--recipe", error, StringComparison.Ordinal); // the options it does have
    }

    [Fact]
    public void AMisspelledOptionSuggestsTheClosestRealOne()
    {
        Assert.Equal("wren build has no option '--reciep'; did you mean '--recipe'? (see 'wren build --help')", Find("build", "--reciep", "r.yaml", "--out", "out/"));
        Assert.Contains("did you mean '--vocab'?", Find("tokenizer", "train", "corpus/", "--vocabs", "512", "--out", "t/"), StringComparison.Ordinal);
    }

    [Fact]
    public void NamesAfterADoubleDashAndRealOptionsAreNotFlagged()
    {
        Assert.Null(Find("build", "--out", "out/", "--", "-odd-folder-name"));
        Assert.Null(Find("build", "samples/acme", "--out", "out/", "--preset", "tiny"));
    }

    [Fact]
    public async Task RunAnswersAnUnknownOptionWithAUserErrorBeforeDoingAnything()
    {
        string folder = Path.Combine(Path.GetTempPath(), "wren-unknown-option-" + Guid.NewGuid().ToString("N")[..8]);

        var run = await WrenCli.Capture("build", "--out", folder, "--epochs", "3");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("wren: error: wren build has no option '--epochs'", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
