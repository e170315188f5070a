namespace Wren.Bench.Training;

/// <summary>
/// One of the three products of a linear layer in training, as C [M, N] (+)= op(A) op(B):
/// forward Y = X Wᵀ, input gradient dX += dY W, weight gradient dW += dYᵀ X. Rows = B T tokens.
/// </summary>
internal sealed record GemmShape(string Name, int M, int N, int K, bool TransposeA, bool TransposeB, bool Accumulate)
{
    /// <summary>The three products of a [tokens, inputs] -> [tokens, outputs] linear layer.</summary>
    public static GemmShape[] OfLinear(int tokens, int inputs, int outputs) =>
    [
        new($"Y = X Wᵀ   {tokens}x{outputs}x{inputs}", tokens, outputs, inputs, false, true, false),
        new($"dX += dY W {tokens}x{inputs}x{outputs}", tokens, inputs, outputs, false, false, true),
        new($"dW += dYᵀX {outputs}x{inputs}x{tokens}", outputs, inputs, tokens, true, false, true),
    ];

    public double Flops => 2.0 * M * N * K;
}
