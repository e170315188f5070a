namespace Wren.Eval.Perplexity;

/// <summary>
/// One forward pass of a rolling loglikelihood, in indices of the prefixed sequence
/// <c>seq = [prefix] + tokens</c>: the model reads <c>seq[InputStart..InputEnd)</c> and its last
/// <see cref="TargetCount"/> positions predict <c>tokens[InputEnd - TargetCount .. InputEnd)</c>.
/// </summary>
public readonly record struct RollingWindow(int InputStart, int InputEnd, int TargetCount)
{
    public int InputLength => InputEnd - InputStart;

    /// <summary>First scored token, as an index into the unprefixed tokens.</summary>
    public int FirstTarget => InputEnd - TargetCount;
}
