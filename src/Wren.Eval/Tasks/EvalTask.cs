namespace Wren.Eval.Tasks;

/// <summary>
/// A loaded task: its name, kind and data. Perplexity tasks carry <see cref="Texts"/>; multiple-choice and
/// cloze tasks <see cref="Questions"/>; generation tasks <see cref="Prompts"/>. <see cref="FewShot"/> holds
/// solved examples for <c>--shots</c>.
/// </summary>
public sealed record EvalTask
{
    public required string Name { get; init; }

    public required TaskKind Kind { get; init; }

    public IReadOnlyList<string> Texts { get; init; } = [];

    public IReadOnlyList<MultipleChoiceItem> Questions { get; init; } = [];

    public IReadOnlyList<GenerationItem> Prompts { get; init; } = [];

    public IReadOnlyList<FewShotExample> FewShot { get; init; } = [];

    /// <summary>Items in the task (documents for perplexity).</summary>
    public int Count => Kind switch
    {
        TaskKind.Perplexity => Texts.Count,
        TaskKind.Generation => Prompts.Count,
        _ => Questions.Count,
    };

    /// <summary>The first <paramref name="limit"/> items (the harness's <c>--limit</c>).</summary>
    public EvalTask Limit(int? limit) => limit is not { } n || n >= Count ? this : this with
    {
        Texts = Texts.Take(n).ToList(),
        Questions = Questions.Take(n).ToList(),
        Prompts = Prompts.Take(n).ToList(),
    };
}
