namespace Wren.Runtime.Tokenization;

/// <summary>
/// The special tokens a post-processor puts around a single sequence when
/// <c>addSpecialTokens</c> is true (TemplateProcessing's <c>single</c>, Bert/Roberta's cls and sep).
/// </summary>
internal sealed record PostProcessorSpec
{
    public static PostProcessorSpec None { get; } = new();

    public int[] Prefix { get; init; } = [];

    public int[] Suffix { get; init; } = [];
}
