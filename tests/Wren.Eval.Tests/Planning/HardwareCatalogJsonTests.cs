using System.Text.Json;
using Wren.Eval.Planning;

namespace Wren.Eval.Tests.Planning;

public sealed class HardwareCatalogJsonTests
{
    [Fact]
    public void EveryGpuBecomesOneObjectWithItsFiguresInDecimalUnits()
    {
        using var json = JsonDocument.Parse(HardwareCatalogJson.Serialize(HardwareCatalog.Gpus));
        Assert.Equal(HardwareCatalog.Gpus.Count, json.RootElement.GetArrayLength());
        var h100 = json.RootElement.EnumerateArray().Single(g => g.GetProperty("name").GetString() == "H100");
        var spec = HardwareCatalog.Find("H100");
        Assert.Equal(spec.PeakFlops, h100.GetProperty("peak_bf16_flops").GetDouble());
        Assert.Equal(spec.MemoryBytes / 1e9, h100.GetProperty("memory_gb").GetDouble(), 9);
        Assert.Equal(spec.MemoryBandwidth / 1e9, h100.GetProperty("bandwidth_gb_s").GetDouble(), 9);
        Assert.Equal(spec.Source, h100.GetProperty("source").GetString());
    }
}
