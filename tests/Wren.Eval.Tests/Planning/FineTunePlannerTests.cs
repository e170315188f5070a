using Wren.Eval.Planning;
using Wren.Runtime;

namespace Wren.Eval.Tests.Planning;

public sealed class FineTunePlannerTests
{
    // Qwen2.5-0.5B's shape: 494M parameters, 24 layers, width 896, 14 heads (2 KV), 151,936 tokens, T = 2048.
    private static readonly ModelShape Qwen05 = ModelShape.Create(494_032_768, 24, 896, 151_936, 2048, 14, 2);

    private static FineTunePlan Plan(string method) => new()
    {
        Model = Qwen05,
        Tokens = 2_000_000,
        Epochs = 3,
        Method = method,
        Hardware = HardwareCatalog.Find("H100"),
        PricePerGpuHour = 2.50,
        Mfu = 0.35,
    };

    [Fact]
    public void ALoraFineTuneCostsFourNPlusAttentionPerTokenAtTheGpusPeak()
    {
        var estimate = FineTunePlanner.Estimate(Plan("lora"));

        double perToken = 4 * 494_032_768.0 + TrainingPlanner.AttentionFlopsPerToken(Qwen05);
        Assert.Equal(6_000_000, estimate.TrainingTokens);
        Assert.Equal(perToken, estimate.FlopsPerToken, 6);
        double seconds = perToken * 6_000_000 / (HardwareCatalog.Find("H100").PeakFlops * 0.35);
        Assert.Equal(seconds, estimate.Seconds, 6);
        Assert.Equal(seconds / 3600 * 2.50, estimate.CostUsd!.Value, 9);
        Assert.Equal("LoRA", estimate.Memory.Method);
    }

    [Fact]
    public void QLoraTakesLongerThanLoraAndFullCostsSixN()
    {
        var lora = FineTunePlanner.Estimate(Plan("lora"));
        var qlora = FineTunePlanner.Estimate(Plan("qlora"));
        var full = FineTunePlanner.Estimate(Plan("full"));

        Assert.Equal(lora.Seconds / FineTunePlanner.QLoraThroughput, qlora.Seconds, 6);
        Assert.Equal(6 * 494_032_768.0 + TrainingPlanner.AttentionFlopsPerToken(Qwen05), full.FlopsPerToken, 6);
        Assert.True(qlora.Memory.TotalBytes < lora.Memory.TotalBytes);
        Assert.True(full.Memory.TotalBytes > lora.Memory.TotalBytes);
    }

    [Fact]
    public void NoPriceGivesNoDollarsAndAnUnknownMethodIsAnError()
    {
        Assert.Null(FineTunePlanner.Estimate(Plan("lora") with { PricePerGpuHour = null }).CostUsd);
        var e = Assert.Throws<WrenException>(() => FineTunePlanner.Estimate(Plan("dora")));
        Assert.Contains("dora", e.Message, StringComparison.Ordinal);
    }
}
