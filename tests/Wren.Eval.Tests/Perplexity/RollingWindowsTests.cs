using Wren.Eval.Perplexity;

namespace Wren.Eval.Tests.Perplexity;

public sealed class RollingWindowsTests
{
    [Fact]
    public void WindowsMatchLmEvalHarnessGetRollingTokenWindows()
    {
        // lm-eval's test_get_rolling_token_windows_v1: tokens 0..33, max_seq_len 10, context_len 1, prefix -100.
        int[] tokens = Enumerable.Range(0, 34).ToArray();
        int[] seq = [-100, .. tokens];
        var expected = new (int[] Input, int[] Pred)[]
        {
            ([-100, 0, 1, 2, 3, 4, 5, 6, 7, 8], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
            ([9, 10, 11, 12, 13, 14, 15, 16, 17, 18], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
            ([19, 20, 21, 22, 23, 24, 25, 26, 27, 28], [20, 21, 22, 23, 24, 25, 26, 27, 28, 29]),
            ([23, 24, 25, 26, 27, 28, 29, 30, 31, 32], [30, 31, 32, 33]),
        };
        var windows = RollingWindows.Create(tokens.Length, 10, 10);
        Assert.Equal(expected.Length, windows.Count);
        for (int i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            Assert.Equal(expected[i].Input, seq[w.InputStart..w.InputEnd]);
            Assert.Equal(expected[i].Pred, tokens[w.FirstTarget..(w.FirstTarget + w.TargetCount)]);
        }
    }

    [Theory]
    [InlineData(0, 8, 8)]
    [InlineData(1, 8, 8)]
    [InlineData(100, 8, 8)]
    [InlineData(100, 8, 3)]
    [InlineData(37, 16, 1)]
    [InlineData(16, 16, 5)]
    public void EveryTokenIsScoredOnceWithAtLeastMaxLengthMinusStrideContext(int n, int maxLength, int stride)
    {
        var windows = RollingWindows.Create(n, maxLength, stride);
        int next = 0;
        foreach (var w in windows)
        {
            Assert.Equal(next, w.FirstTarget);
            Assert.InRange(w.InputLength, w.TargetCount, maxLength);
            // Target tokens[k] is predicted from seq[..k]; the first target sees seq[InputStart..FirstTarget].
            int context = w.FirstTarget - w.InputStart + 1;
            if (w.InputStart > 0) Assert.True(context >= maxLength - stride + 1, $"window {w} has {context} context tokens");
            next += w.TargetCount;
        }
        Assert.Equal(n, next);
    }
}
