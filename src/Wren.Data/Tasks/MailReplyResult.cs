namespace Wren.Data.Tasks;

/// <summary>The reply pairs by split, what was read and what was left out.</summary>
public sealed record MailReplyResult
{
    public required TaskDefinition Definition { get; init; }

    public required IReadOnlyList<TaskExample> Train { get; init; }

    public required IReadOnlyList<TaskExample> Validation { get; init; }

    public required IReadOnlyList<TaskExample> Test { get; init; }

    /// <summary>Messages read (with a Message-ID or not).</summary>
    public int Messages { get; init; }

    /// <summary>Messages that answer another message found in the sources.</summary>
    public int Replies { get; init; }

    /// <summary>Files that could not be read as mail, one line each: what and why.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
