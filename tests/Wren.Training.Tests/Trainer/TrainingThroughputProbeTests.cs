using Wren.Runtime.Threading;
using Wren.Training.Trainer;

namespace Wren.Training.Tests.Trainer;

/// <summary>The probe behind <c>wren plan --measure</c>: real steps of a shape, scaled down at the same width when too large.</summary>
public sealed class TrainingThroughputProbeTests
{
    [Fact]
    public void ASmallShapeRunsAsPlannedAndReportsConsistentFigures()
    {
        var config = ModelPresets.Make(64, 2, 4, 2, 192, 256, 64);
        using var pool = new WorkerPool(2);
        var r = TrainingThroughputProbe.Measure(config, 64, pool, estimatedFlops: 1e12, TimeSpan.FromSeconds(2), memoryBytes: 1e9);
        Assert.Null(r.ScaledDown);
        Assert.Equal(config.NumHiddenLayers, r.Measured.NumHiddenLayers);
        Assert.Equal(64, r.Time);
        Assert.InRange(r.Steps, 1, 3);
        Assert.True(r.SecondsPerStep > 0);
        Assert.Equal(r.Batch * r.Time / r.SecondsPerStep, r.TokensPerSecond, 6);
        Assert.Equal(r.FlopsPerToken * r.TokensPerSecond, r.ModelFlopsPerSecond, 3);
    }

    [Fact]
    public void AShapeTooLargeForTheBudgetKeepsItsWidthAndSaysHowItWasScaled()
    {
        // 24 layers of width 512 with a 32k vocabulary against a pretend 2 GFLOP/s machine and 1 second.
        var config = ModelPresets.Make(512, 24, 8, 8, 1408, 32_000, 2048) with { TieWordEmbeddings = false };
        using var pool = new WorkerPool(2);
        var r = TrainingThroughputProbe.Measure(config, 2048, pool, estimatedFlops: 2e9, TimeSpan.FromSeconds(1), memoryBytes: 4e9);
        Assert.NotNull(r.ScaledDown);
        Assert.Equal(512, r.Measured.HiddenSize);
        Assert.Equal(1408, r.Measured.IntermediateSize);
        Assert.True(r.Measured.NumHiddenLayers < 24);
        Assert.True(r.Time < 2048);
        Assert.Contains("same width C 512", r.ScaledDown);
        Assert.True(r.ModelFlopsPerSecond > 0);
    }
}
