using System.CommandLine;
using Wren.Runtime;

namespace Wren.Verbs;

/// <summary>
/// Runs a verb with Wren's exit-code contract: 0 ok, 1 user error (one line, no stack trace), 2 internal error (a bug:
/// the stack trace goes to stderr), 130 on Ctrl-C. Every verb of <c>wren</c> and <c>wren-run</c> runs through it.
/// </summary>
public static class VerbAction
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int InternalError = 2;
    public const int Cancelled = 130;

    public static void Set(Command command, string tool, Action<string> errorLine, Func<ParseResult, CancellationToken, Task<int>> action)
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
                errorLine(tool + ": cancelled");
                return Cancelled;
            }
            catch (Exception e) when (IsUserError(e))
            {
                errorLine(tool + ": error: " + e.Message);
                return UserError;
            }
            catch (Exception e)
            {
                errorLine(tool + ": internal error: " + e.Message);
                errorLine(e.ToString());
                return InternalError;
            }
        });
    }

    public static void Set(Command command, VerbHost host, Func<ParseResult, CancellationToken, Task<int>> action) =>
        Set(command, host.Tool, host.ErrorLine, action);

    private static bool IsUserError(Exception e) =>
        e is WrenException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;
}
