namespace Wren.Runtime.Models.Architectures;

/// <summary>One tensor of one model: its description, layer (-1 for model-wide tensors), names and shape (PyTorch order).</summary>
public sealed record ModelTensor(TensorDescription Description, int Layer, string HfName, string GgufName, int[] Shape)
{
    public TensorRole Role => Description.Role;
}
