namespace Wren.Data.Sources;

/// <summary>
/// An input expanded past a limit of <see cref="SourceOptions"/>. <see cref="StopsInput"/> says whether only
/// the entry being read is given up (its compression ratio) or the whole top-level input with it (its byte
/// budget, or the run's, is spent: reading its next entries would only fail the same way).
/// </summary>
internal sealed class ExpansionLimitException(string message, bool stopsInput) : Wren.Runtime.WrenException(message)
{
    public bool StopsInput { get; } = stopsInput;

    /// <summary>Set once the error is in the error list, so the archives around the entry do not list it again.</summary>
    public bool Reported { get; set; }
}
