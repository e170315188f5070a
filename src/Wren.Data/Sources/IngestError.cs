namespace Wren.Data.Sources;

/// <summary>One input that could not be read, or was read with a caveat: where (a path, <c>archive.zip!/inner</c>,
/// <c>mail.eml#attachment</c>, <c>file.jsonl:17</c>) and why. Written as one line of <c>ingest-errors.jsonl</c>
/// (<c>{"file","error","level"}</c>).</summary>
public sealed record IngestError(string File, string Error)
{
    /// <summary>A warning: the input was read, but not as the user may expect (Latin-1 text, rows merged by a quote).</summary>
    public bool IsWarning { get; init; }

    /// <summary>"error" or "warning", as the JSONL line says it.</summary>
    public string Level => IsWarning ? "warning" : "error";

    /// <summary>A warning about <paramref name="file"/>.</summary>
    public static IngestError Warning(string file, string message) => new(file, message) { IsWarning = true };
}
