using Wren.Runtime.Formats.HuggingFace;
using Wren.Training.Model;

namespace Wren.Training.Backend;

/// <summary>
/// What the trainer needs from a compute backend: gradients of a batch, the loss of a batch, and the
/// parameters as one host-visible allocation (for the optimizer, checkpoints and the gradient norm).
/// <see cref="LlamaTrainingModel"/> is the CPU implementation; a GPU backend implements the same and keeps
/// its device copies in sync with <see cref="Trainable"/> on these calls, so the trainer does not change.
/// </summary>
public interface ITrainingBackend
{
    LlamaConfig Config { get; }

    int Batch { get; }

    int Time { get; }

    /// <summary>The whole model's parameters (HF names).</summary>
    ParameterSet Parameters { get; }

    /// <summary>The parameters the optimizer updates (the model, or its LoRA adapters).</summary>
    ParameterSet Trainable { get; }

    /// <summary>Model FLOPs per token for forward and backward (for MFU).</summary>
    double FlopsPerToken { get; }

    /// <summary>Adds gradientScale times the gradient of the mean loss to <see cref="Trainable"/>'s gradients; returns the mean loss.</summary>
    float ComputeGradients(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float gradientScale = 1f);

    /// <summary>Mean loss, forward only; <paramref name="counted"/> is how many targets were not ignored.</summary>
    float ComputeLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, out int counted);
}
