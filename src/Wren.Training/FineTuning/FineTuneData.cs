namespace Wren.Training.FineTuning;

/// <summary>The fine-tuning data as prepared: examples kept, lines skipped (with the reason), and token counts.</summary>
public sealed record FineTuneData(
    IReadOnlyList<SftExample> Examples,
    IReadOnlyList<string> Errors,
    long Tokens,
    long TrainableTokens,
    int TruncatedExamples,
    int TrainingRows,
    int ValidationRows);
