using System.CommandLine;
using Wren.Runtime;

namespace Wren.Run;

/// <summary>
/// Runs a verb with <c>wren</c>'s exit-code contract: 0 ok, 1 user error (one line), 2 internal error (with the stack
/// trace), 130 on Ctrl-C.
/// </summary>
internal static class RunAction
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int InternalError = 2;
    public const int Cancelled = 130;

    public static void Set(Command command, TextWriter error, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                // System.CommandLine installs its Ctrl-C handler once the action has returned its task: yield first so
                // that Ctrl-C cancels the verb instead of killing the process.
                await Task.Yield();
                return await action(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                error.WriteLine("wren-run: cancelled");
                return Cancelled;
            }
            catch (Exception e) when (e is WrenException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                error.WriteLine("wren-run: error: " + e.Message);
                return UserError;
            }
            catch (Exception e)
            {
                error.WriteLine("wren-run: internal error: " + e.Message);
                error.WriteLine(e.ToString());
                return InternalError;
            }
        });
    }
}
