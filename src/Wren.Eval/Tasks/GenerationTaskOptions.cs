namespace Wren.Eval.Tasks;

/// <summary>How generation questions are answered and matched.</summary>
public sealed record GenerationTaskOptions
{
    /// <summary>Tokens generated at most per answer.</summary>
    public int MaxTokens { get; init; } = 64;

    /// <summary>Strings that end an answer (cut off, as the harness's <c>until</c>).</summary>
    public IReadOnlyList<string> Until { get; init; } = ["\n\n"];

    /// <summary>
    /// Pattern that extracts the answer from the output for <c>extracted_match</c> (group 1 when it has one, else
    /// the whole match; the first match counts, as the harness's <c>regex</c> filter); null = the first line.
    /// </summary>
    public string? AnswerPattern { get; init; }

    /// <summary>Compare case-insensitively (the harness's <c>ignore_case</c>).</summary>
    public bool IgnoreCase { get; init; }
}
