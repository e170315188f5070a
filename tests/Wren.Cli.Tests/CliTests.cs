namespace Wren.Cli.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Help_exits_zero()
    {
        int code = await WrenCli.Run(["--help"]);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Unknown_verb_is_a_user_error()
    {
        int code = await WrenCli.Run(["no-such-verb"]);
        Assert.Equal(1, code);
    }
}
