namespace Wren.Runtime.Generation;

/// <summary>
/// How the next token is chosen from the logits. Applied in transformers' order: repetition penalty,
/// frequency/presence penalties, temperature, top-k, top-p, min-p, then a draw. Temperature 0 is greedy.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>Greedy decoding: always the most likely token (after penalties).</summary>
    public static SamplingOptions Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Divides the logits; 0 (or less) means greedy.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keep only the k most likely tokens; 0 = no limit.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of most likely tokens whose probability sums to at least this; 1 = off.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Drop tokens less likely than this fraction of the most likely one; 0 = off.</summary>
    public float MinP { get; init; }

    /// <summary>transformers' repetition penalty over prompt and output tokens: positive logits divided, negative multiplied; 1 = off.</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>OpenAI's frequency penalty: logit -= penalty * (times the token was generated).</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>OpenAI's presence penalty: logit -= penalty if the token was generated at all.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>Seed of the draw; the same seed, prompt and options give the same tokens. Null = random.</summary>
    public int? Seed { get; init; }

    public bool IsGreedy => Temperature <= 0;

    /// <summary>Checks ranges; throws naming the option.</summary>
    public void Validate()
    {
        if (float.IsNaN(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature));
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), "top-k must be 0 (off) or positive");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), "top-p must be in (0, 1]");
        if (!(MinP >= 0 && MinP <= 1)) throw new ArgumentOutOfRangeException(nameof(MinP), "min-p must be in [0, 1]");
        if (!(RepetitionPenalty > 0)) throw new ArgumentOutOfRangeException(nameof(RepetitionPenalty), "repetition penalty must be positive");
    }
}
