namespace Wren.Pipeline.Planning;

/// <summary>What <c>wren plan</c> is asked, as given: counts still in their written form (2.7B, 1.4T), the GPU by name.</summary>
public sealed record TrainingPlanRequest
{
    /// <summary>Model parameters N as written, or null to size the model from <see cref="Layers"/> and <see cref="Hidden"/>.</summary>
    public string? Parameters { get; init; }

    /// <summary>Training tokens per epoch as written; null with no <see cref="Corpus"/> plans Chinchilla's 20 per parameter.</summary>
    public string? Tokens { get; init; }

    /// <summary>Files to count the tokens in, with <see cref="Tokenizer"/>.</summary>
    public IReadOnlyList<string> Corpus { get; init; } = [];

    public string? Tokenizer { get; init; }

    public double Epochs { get; init; } = 1;

    /// <summary>A GPU of <see cref="Wren.Eval.Planning.HardwareCatalog"/>, or <see cref="TrainingPlanning.Cpu"/> to plan on this machine's measured CPU.</summary>
    public required string Gpu { get; init; }

    public int Gpus { get; init; } = 1;

    public double? PricePerGpuHour { get; init; }

    public double Mfu { get; init; } = 0.4;

    public double? Days { get; init; }

    public int SequenceLength { get; init; } = 2048;

    public int? Layers { get; init; }

    public int? Hidden { get; init; }

    public int Vocabulary { get; init; } = 32_000;

    public int? Heads { get; init; }

    public int? KeyValueHeads { get; init; }

    public int LoraRank { get; init; } = 16;

    public int MicroBatch { get; init; } = 1;

    public int? ContextLength { get; init; }

    /// <summary>Measure this CPU and run real training steps of the planned shape on it, shown beside the GPU estimate.</summary>
    public bool Measure { get; init; }
}
