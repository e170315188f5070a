namespace Wren.Bench.Runtime;

/// <summary>One engine set up for one case (model, dtype, threads): runs measured rounds on demand.</summary>
internal interface IEngineRun : IDisposable
{
    /// <summary>Bytes of weights one decoded token reads (the same GGUF file for every engine).</summary>
    long WeightBytesPerToken { get; }

    /// <summary>From an empty cache: prefill the bench prompt as one batch, then decode greedily; untimed set-up excluded.</summary>
    RoundResult RunRound();
}
