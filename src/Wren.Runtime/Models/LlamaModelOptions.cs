namespace Wren.Runtime.Models;

/// <summary>How <see cref="LlamaModel.Load"/> prepares the weights.</summary>
public sealed record LlamaModelOptions
{
    /// <summary>
    /// Copy F16/BF16 matrices to float32 once at load. Off by default: converting in registers streams
    /// half the bytes per token, and decoding is bound by memory bandwidth (see bench/Wren.Bench.Runtime).
    /// </summary>
    public bool UpcastHalfWeights { get; init; }

    /// <summary>A PEFT LoRA adapter folder (adapter_config.json + adapter_model.safetensors) merged into the weights at load.</summary>
    public string? LoraAdapterPath { get; init; }
}
