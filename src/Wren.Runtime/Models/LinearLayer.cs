using Wren.Runtime.Tensors;

namespace Wren.Runtime.Models;

/// <summary>An <c>nn.Linear</c>: y = W x (+ bias). W [N out, K in].</summary>
/// <param name="Weight">The weight matrix [N, K].</param>
/// <param name="Bias">The bias [N], or null.</param>
public sealed record LinearLayer(WeightMatrix Weight, float[]? Bias)
{
    public int OutFeatures => Weight.Rows;

    public int InFeatures => Weight.Cols;
}
