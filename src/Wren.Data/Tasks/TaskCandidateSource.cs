using Wren.Data.Sources;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>
/// Where a builder's candidates come from: records through templates, files labelled by their folder, or mail
/// labelled by a header. Each reads its sources through the ingest readers (<see cref="DocumentSources"/>), so every
/// format ingest reads is a task source too, and bad inputs are reported the same way.
/// </summary>
public abstract class TaskCandidateSource
{
    /// <summary>The builder kind and its settings, for task.json.</summary>
    public abstract TaskBuilderSettings Settings { get; }

    public abstract string? InputTemplate { get; }

    public virtual string? OutputTemplate => null;

    /// <summary>Inputs that could not be read (complete after <see cref="ReadAsync"/>).</summary>
    public IReadOnlyList<IngestError> Errors { get; protected set; } = [];

    /// <summary>Documents read that had no label (no such header, a file outside any folder).</summary>
    public int Unlabelled { get; protected set; }

    /// <summary>Documents whose input or label came out empty.</summary>
    public int Empty { get; protected set; }

    /// <summary>Attachments and other parts of messages that are not examples themselves.</summary>
    public int Attachments { get; protected set; }

    public abstract Task<List<TaskCandidate>> ReadAsync(IProgressSink? progress, CancellationToken cancellationToken);

    /// <summary>Whether a document is an attachment of a message (<c>mail.eml#file.pdf</c>, <c>box.mbox#3#file.pdf</c>) rather than a message or record.</summary>
    public static bool IsAttachment(string source)
    {
        int hash = source.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0) return false;
        string rest = source[(hash + 1)..];
        // mbox message N is PATH#N; anything after it (or after an .eml's #) is an attachment.
        return rest.Length == 0 || !rest.All(char.IsAsciiDigit);
    }
}
