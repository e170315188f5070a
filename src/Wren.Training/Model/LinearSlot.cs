using Wren.Training.Layers;

namespace Wren.Training.Model;

/// <summary>One projection of the model: weight [Out, In], optional bias [Out], optional LoRA pair, and the LoRA activation kept for backward.</summary>
internal sealed class LinearSlot
{
    public required string Name { get; init; }
    public required int In { get; init; }
    public required int Out { get; init; }
    public required TensorSlice Weight { get; init; }
    public required TensorSlice WeightGrad { get; init; }
    public TensorSlice? Bias { get; init; }
    public TensorSlice? BiasGrad { get; init; }

    /// <summary>lora_A [r, In] and its gradient.</summary>
    public TensorSlice? LoraA { get; set; }
    public TensorSlice? LoraAGrad { get; set; }

    /// <summary>lora_B [Out, r] and its gradient.</summary>
    public TensorSlice? LoraB { get; set; }
    public TensorSlice? LoraBGrad { get; set; }

    /// <summary>(alpha / r) x Aᵀ, [M, r], from the forward pass.</summary>
    public TensorSlice? LoraHidden { get; set; }
}
