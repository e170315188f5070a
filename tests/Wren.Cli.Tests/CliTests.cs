namespace Wren.Cli.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task HelpExitsZero()
    {
        int code = await WrenCli.Run(["--help"]);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task UnknownVerbIsAUserError()
    {
        int code = await WrenCli.Run(["no-such-verb"]);
        Assert.Equal(1, code);
    }
}
