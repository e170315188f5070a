using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models.Architectures;

/// <summary>
/// Where a model's weights come from (a safetensors checkpoint, a GGUF file, a trainer's parameters, random
/// numbers): <see cref="WeightBinder"/> asks for each tensor the architecture describes, by its
/// <see cref="ModelTensor"/> (names in every format and the shape the config implies), and the source checks
/// and returns it.
/// </summary>
internal interface IWeightSource
{
    /// <summary>A matrix of shape <see cref="ModelTensor.Shape"/> ([out, in]).</summary>
    WeightMatrix Matrix(ModelTensor tensor);

    /// <summary>A vector (norm or bias) of shape <see cref="ModelTensor.Shape"/>, as float32.</summary>
    float[] Vector(ModelTensor tensor);

    /// <summary>
    /// Whether the norms it returns are already the multipliers the runtime applies (a GGUF file of a (1 + w) architecture,
    /// where llama.cpp's converter added the 1; random weights) rather than a checkpoint's w (see <see cref="ArchitectureDescription.NormAddsOne"/>).
    /// </summary>
    bool NormsIncludeOffset => false;

    /// <summary>Called once every tensor is bound: a source that holds tensors nobody asked for refuses them here.</summary>
    void Finish();
}
