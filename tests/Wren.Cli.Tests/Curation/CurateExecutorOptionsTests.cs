using Spectre.Console.Testing;
using Wren.Cli.Terminal;
using Wren.Data.Curation.Pipeline;

namespace Wren.Cli.Tests.Curation;

public sealed class CurateExecutorOptionsTests
{
    [Fact]
    public async Task SlurmOptionsWithoutTheSlurmExecutorAreAUserError() =>
        Assert.Equal(1, await WrenCli.Run(["curate", CurationOutputs.Sample, "--out", Path.Combine(Path.GetTempPath(), "wren-unused-" + Guid.NewGuid().ToString("N")), "--partition", "debug"]));

    [Fact]
    public async Task AnUnknownExecutorIsRefusedByTheParser() =>
        Assert.NotEqual(0, await WrenCli.Run(["curate", CurationOutputs.Sample, "--out", "unused", "--executor", "kubernetes"]));

    [Fact]
    public void FailedTasksAreListedWithTheirStateAndLog()
    {
        var console = new TestConsole { Profile = { Width = 200 } };
        console.Write(CurationView.FailureTable([
            new FailedTask("map", 1, "FAILED (exit 3:0)", "/shared/run/work/logs/map-00001.log", "simulated node failure"),
            new FailedTask("signatures", 0, FailedTaskStates.NotRun, null, ""),
        ]));
        string output = console.Output;
        Assert.Contains("/shared/run/work/logs/map-00001.log", output);
        Assert.Contains("simulated node failure", output);
        Assert.Contains("not run", output);
    }
}
