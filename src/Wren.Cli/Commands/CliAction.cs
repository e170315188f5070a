using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Verbs;

namespace Wren.Cli.Commands;

/// <summary>Runs a <c>wren</c> verb with the exit-code contract of <see cref="VerbAction"/> (which wren-run shares).</summary>
internal static class CliAction
{
    public const int Ok = VerbAction.Ok;
    public const int UserError = VerbAction.UserError;
    public const int InternalError = VerbAction.InternalError;
    public const int Cancelled = VerbAction.Cancelled;

    public static void Set(Command command, CliConsole console, Func<ParseResult, CancellationToken, Task<int>> action) =>
        VerbAction.Set(command, "wren", console.ErrorLine, action);
}
