using Wren.Training.Trainer;

namespace Wren.Training.Tests.Trainer;

public sealed class TokenWindowSamplerTests
{
    private static string Shards(int trainTokens, int valTokens)
    {
        string folder = TestShards.TempFolder();
        TestShards.Write(Path.Combine(folder, "train_000.bin"), Enumerable.Range(0, trainTokens).Select(i => i % 50).ToArray());
        if (valTokens > 0) TestShards.Write(Path.Combine(folder, "val_000.bin"), Enumerable.Range(0, valTokens).Select(i => 50 + i % 10).ToArray());
        return folder;
    }

    [Fact]
    public void ValShardsLargeEnoughAreTheValidationTokens()
    {
        var sampler = TokenWindowSampler.Open(Shards(5_000, 3_000), seed: 1, minValidationTokens: 2_049);

        Assert.Equal(3_000, sampler.Validation.Length);
        Assert.Equal(5_000, sampler.Train.Length);
        Assert.Null(sampler.HoldOutReason);
    }

    [Fact]
    public void AValShardTooSmallForOneBatchIsReplacedByAHoldOutAndSaysWhy()
    {
        var sampler = TokenWindowSampler.Open(Shards(5_000, 248), seed: 1, minValidationTokens: 2_049);

        Assert.Equal(5_248 - (int)(5_248 * 0.9), sampler.Validation.Length);
        Assert.NotNull(sampler.HoldOutReason);
        Assert.Contains("val_000.bin", sampler.HoldOutReason, StringComparison.Ordinal);
        Assert.Contains("248 tokens", sampler.HoldOutReason, StringComparison.Ordinal);
        Assert.Contains("2,049", sampler.HoldOutReason, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutValShardsTheHoldOutIsWhatTheHelpPromisesAndNeedsNoWarning()
    {
        var sampler = TokenWindowSampler.Open(Shards(5_000, 0), seed: 1, minValidationTokens: 2_049);

        Assert.Equal(500, sampler.Validation.Length);
        Assert.Null(sampler.HoldOutReason);
    }
}
