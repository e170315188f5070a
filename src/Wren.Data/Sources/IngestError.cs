namespace Wren.Data.Sources;

/// <summary>One input that could not be read: where (a path, <c>archive.zip!/inner</c>, <c>mail.eml#attachment</c>,
/// <c>file.jsonl:17</c>) and why. Written as one line of <c>ingest-errors.jsonl</c>.</summary>
public sealed record IngestError(string File, string Error);
