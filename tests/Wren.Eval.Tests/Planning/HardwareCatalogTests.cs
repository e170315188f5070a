using Wren.Eval.Planning;
using Wren.Runtime;

namespace Wren.Eval.Tests.Planning;

public sealed class HardwareCatalogTests
{
    [Theory]
    [InlineData("A100-80GB", "A100-80GB")]
    [InlineData("a100_80gb", "A100-80GB")]
    [InlineData("A100 40GB", "A100-40GB")]
    [InlineData("A100", "A100-80GB")]
    [InlineData("h100", "H100")]
    [InlineData("H100-SXM", "H100")]
    [InlineData("RTX-4090", "RTX4090")]
    [InlineData("4090", "RTX4090")]
    [InlineData("l4", "L4")]
    public void FindsGpusByCommonSpellings(string name, string expected)
    {
        Assert.Equal(expected, HardwareCatalog.Find(name).Name);
    }

    [Fact]
    public void UnknownGpuErrorListsTheKnownNames()
    {
        var e = Assert.Throws<WrenException>(() => HardwareCatalog.Find("TPUv5"));
        Assert.Contains("TPUv5", e.Message);
        foreach (HardwareSpec gpu in HardwareCatalog.Gpus)
        {
            Assert.Contains(gpu.Name, e.Message);
        }
    }

    [Fact]
    public void EveryEntryIsADenseBf16PeakWithMemoryBandwidthAndASource()
    {
        Assert.Equal(8, HardwareCatalog.Gpus.Count);
        foreach (HardwareSpec gpu in HardwareCatalog.Gpus)
        {
            Assert.InRange(gpu.PeakFlops, 100e12, 1000e12); // dense: no entry at the 2x sparse figure (1,979 for H100)
            Assert.InRange(gpu.MemoryBytes, 24e9, 141e9);
            Assert.InRange(gpu.MemoryBandwidth, 300e9, 4800e9);
            Assert.False(string.IsNullOrWhiteSpace(gpu.Source));
            Assert.False(gpu.IsMeasured);
        }
        Assert.Equal(312e12, HardwareCatalog.Find("A100-40GB").PeakFlops);
        Assert.Equal(989.4e12, HardwareCatalog.Find("H100").PeakFlops);
    }
}
