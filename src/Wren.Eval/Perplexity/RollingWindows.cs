namespace Wren.Eval.Perplexity;

/// <summary>
/// Splits a document into the windows of lm-evaluation-harness's <c>get_rolling_token_windows</c>, generalised
/// with a stride as in Hugging Face's perplexity guide: the first window predicts the first
/// <c>min(maxLength, N)</c> tokens from the prefix token on; each later one predicts the next <c>stride</c>
/// tokens with up to <c>maxLength</c> tokens of input, so every token is scored exactly once and with
/// <c>maxLength - stride</c> or more tokens of context. <c>stride = maxLength</c> is the harness's
/// (disjoint windows, the last one filled up with earlier context).
/// </summary>
public static class RollingWindows
{
    public static List<RollingWindow> Create(int tokenCount, int maxLength, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (stride < 1 || stride > maxLength) throw new ArgumentOutOfRangeException(nameof(stride), $"stride {stride} must be in [1, {maxLength}]");
        var windows = new List<RollingWindow>();
        int predicted = 0;
        while (predicted < tokenCount)
        {
            int count = predicted == 0 ? Math.Min(maxLength, tokenCount) : Math.Min(stride, tokenCount - predicted);
            int end = predicted + count;
            // seq index i predicts tokens[i]; the input ends at seq[end - 1] and holds at most maxLength tokens.
            windows.Add(new RollingWindow(Math.Max(0, end - maxLength), end, count));
            predicted = end;
        }
        return windows;
    }
}
