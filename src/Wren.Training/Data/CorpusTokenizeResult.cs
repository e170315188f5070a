namespace Wren.Training.Data;

/// <summary>What <see cref="CorpusTokenizer"/> wrote.</summary>
public sealed record CorpusTokenizeResult
{
    public required long TrainDocuments { get; init; }

    public required long TrainTokens { get; init; }

    public required long ValidationDocuments { get; init; }

    public required long ValidationTokens { get; init; }

    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The train_NNN.bin files among <see cref="Files"/>.</summary>
    public int TrainFiles => Files.Count(f => Path.GetFileName(f).StartsWith("train_", StringComparison.Ordinal));

    /// <summary>The val_NNN.bin files among <see cref="Files"/>.</summary>
    public int ValidationFiles => Files.Count(f => Path.GetFileName(f).StartsWith("val_", StringComparison.Ordinal));

    public required long Characters { get; init; }
}
