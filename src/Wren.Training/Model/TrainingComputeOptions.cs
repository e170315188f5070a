namespace Wren.Training.Model;

/// <summary>How <see cref="LlamaTrainingModel"/> trades memory, compute and precision.</summary>
public sealed record TrainingComputeOptions
{
    /// <summary>
    /// Keep only each layer's input between the forward and the backward pass and recompute the layer's forward
    /// just before its backward: the activations of all layers but one are not held (about L times less activation
    /// memory) for about one more forward pass of compute. Gradients are bit-for-bit the same.
    /// </summary>
    public bool CheckpointActivations { get; init; }

    /// <summary>
    /// Round the inputs of every matrix product to bfloat16 (round to nearest even) and accumulate in float32;
    /// parameters, gradients and optimizer state stay float32.
    /// </summary>
    public bool Bf16MatrixProducts { get; init; }
}
