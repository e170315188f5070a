namespace Wren.Runtime.Generation;

/// <summary>Why a generation run ended.</summary>
public enum FinishReason
{
    /// <summary>A stop token was sampled or a stop string generated.</summary>
    Stop,

    /// <summary><see cref="TextGenerationRequest.MaxTokens"/> were generated.</summary>
    Length,

    /// <summary>The session's KV cache is full.</summary>
    ContextFull,
}
