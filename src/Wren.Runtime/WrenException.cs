namespace Wren.Runtime;

/// <summary>
/// An error caused by the user's input (a bad file, a wrong option, a malformed request), as opposed
/// to a bug. The message names what and where; the CLI prints it on one line and exits with 1.
/// </summary>
public class WrenException : Exception
{
    public WrenException(string message) : base(message) { }

    public WrenException(string message, Exception inner) : base(message, inner) { }
}
