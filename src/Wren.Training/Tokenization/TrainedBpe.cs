namespace Wren.Training.Tokenization;

/// <summary>The result of training: tokens by id (byte-level strings) and the merges in rank order.</summary>
public sealed record TrainedBpe
{
    public required IReadOnlyList<string> Tokens { get; init; }

    public required IReadOnlyList<(string Left, string Right)> Merges { get; init; }

    public required IReadOnlyList<string> SpecialTokens { get; init; }

    public required PreTokenizerRegex Regex { get; init; }
}
