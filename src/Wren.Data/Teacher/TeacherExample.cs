using Wren.Data.Tasks;
namespace Wren.Data.Teacher;

/// <summary>
/// An example the teacher made, with where it came from: the document id and chunk index (together the
/// <see cref="Source"/>, <c>DOCUMENT#chunk:N</c>), the chunk's text, the kind of example, and the judge's score.
/// Written as a task example line with these fields added, so any reader of task examples reads it.
/// </summary>
public sealed record TeacherExample
{
    public required string Input { get; init; }

    public required string Output { get; init; }

    public required TeacherTaskKind Kind { get; init; }

    /// <summary>The document's id (for labels: the record's source).</summary>
    public required string Document { get; init; }

    /// <summary>The chunk's index within the document (0 for a record).</summary>
    public int Chunk { get; init; }

    /// <summary>The chunk's text (for labels: the record).</summary>
    public required string Context { get; init; }

    /// <summary>The judge's 1–5 score; null when judging is off.</summary>
    public int? Score { get; init; }

    public string? Split { get; init; }

    public string Source => $"{Document}#chunk:{Chunk}";

    /// <summary>The example as plain task data, without its provenance.</summary>
    public TaskExample ToTaskExample() => new(Input, Output, Source, Split);
}
