using Spectre.Console.Testing;
using Wren.Cli.Terminal;

namespace Wren.Cli.Tests;

/// <summary>Runs <c>wren</c> in-process on Spectre's TestConsole: what a user would see on stdout and stderr, no process-wide console swapped.</summary>
internal static class WrenCli
{
    /// <summary>Wide enough that the tables tests read are not wrapped.</summary>
    private const int Width = 200;

    public static async Task<int> Run(string[] args) => (await Capture(args)).ExitCode;

    public static async Task<CliRun> Capture(params string[] args)
    {
        var stdout = new TestConsole().Width(Width);
        var stderr = new TestConsole().Width(Width);
        int code = await Program.Run(args, new CliConsole(stdout, stderr, TextReader.Null));
        return new CliRun(code, stdout.Output, stderr.Output);
    }
}

/// <summary>A finished in-process run: its exit code and what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error);
