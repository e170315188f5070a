namespace Wren.Runtime.Tensors;

/// <summary>Element types that weight matrices are kept in; kernels convert to float32 on the fly.</summary>
public enum WeightDType
{
    F32,
    F16,
    BF16,
}
