using Wren.Cli.Commands;

namespace Wren.Cli.Tests.Curation;

public sealed class WrenExecutableTests
{
    [Fact]
    public void HostedByATestRunnerWrenIsStartedAsDotnetAndItsOwnAssembly()
    {
        var command = WrenExecutable.Command();
        // The test runner is the entry assembly, so Wren is not the process: run its dll through the dotnet host.
        Assert.Equal(2, command.Count);
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(command[0]));
        Assert.Equal(typeof(Program).Assembly.Location, command[1]);
        Assert.True(File.Exists(Path.ChangeExtension(command[1], ".runtimeconfig.json")), "the worker needs its runtimeconfig.json beside the dll");
    }
}
