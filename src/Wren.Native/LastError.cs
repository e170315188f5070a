using System.Runtime.InteropServices;
using Wren.Runtime;

namespace Wren.Native;

/// <summary>
/// The message of the last failed call on this thread, as <c>wren_last_error</c> hands it out: a UTF-8 string that the
/// library owns and keeps until the next failure on the same thread (errno's contract, so callers free nothing).
/// </summary>
internal static unsafe class LastError
{
    [ThreadStatic]
    private static byte* t_message;

    public static byte* Pointer => t_message;

    /// <summary>Records <paramref name="error"/> and returns <see cref="NativeStatus.Error"/>. A <see cref="WrenException"/>
    /// (bad input) keeps its one-line message; anything else is a bug, named with its type.</summary>
    public static int Set(Exception error)
    {
        string text = error is WrenException or ArgumentException or IOException or UnauthorizedAccessException
            ? error.Message
            : $"internal error: {error.GetType().Name}: {error.Message}";
        Set(text);
        return NativeStatus.Error;
    }

    public static int Set(string message)
    {
        if (t_message is not null) NativeMemory.Free(t_message);
        t_message = NativeText.ToUtf8(message);
        return NativeStatus.Error;
    }
}
