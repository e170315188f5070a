using Wren.Runtime;
using Wren.Training.Lora;

namespace Wren.Training.Tests.Lora;

public sealed class LoraSettingsTests
{
    [Fact]
    public void TargetsAreCommaSeparatedAndAllLinearIsEveryProjection()
    {
        Assert.Equal(["q_proj", "v_proj"], LoraSettings.ParseTargets(" q_proj, v_proj ,"));
        Assert.Equal(LoraSettings.KnownTargets, LoraSettings.ParseTargets("all-linear"));
    }

    [Fact]
    public void NoTargetsIsAnErrorNamingTheOption() =>
        Assert.Equal("--lora-targets is empty", Assert.Throws<WrenException>(() => LoraSettings.ParseTargets(" , ")).Message);

    [Fact]
    public void LoraTrainsAtATenTimesHigherRateThanFullFineTuningByDefault()
    {
        Assert.Equal(2e-4, LoraSettings.DefaultLearningRate(lora: true));
        Assert.Equal(2e-5, LoraSettings.DefaultLearningRate(lora: false));
    }
}
