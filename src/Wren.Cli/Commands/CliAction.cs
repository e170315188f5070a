using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Runtime;

namespace Wren.Cli.Commands;

/// <summary>
/// Runs a verb with Wren's exit-code contract: 0 ok, 1 user error (one line, no stack trace),
/// 2 internal error (a bug: the stack trace goes to stderr), 130 on Ctrl-C.
/// </summary>
internal static class CliAction
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int InternalError = 2;
    public const int Cancelled = 130;

    public static void Set(Command command, CliConsole console, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                // System.CommandLine installs its Ctrl-C handler only once the action has returned its task; an action
                // that runs synchronously (most verbs) would otherwise be killed outright by Ctrl-C, with no chance
                // to stop cleanly. Yielding first hands back the task at once and runs the verb on the thread pool.
                await Task.Yield();
                return await action(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.ErrorLine("wren: cancelled");
                return Cancelled;
            }
            catch (Exception e) when (IsUserError(e))
            {
                console.ErrorLine("wren: error: " + e.Message);
                return UserError;
            }
            catch (Exception e)
            {
                console.ErrorLine("wren: internal error: " + e.Message);
                console.ErrorLine(e.ToString());
                return InternalError;
            }
        });
    }

    private static bool IsUserError(Exception e) =>
        e is WrenException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;
}
