using Wren.Pipeline.Evaluation;

namespace Wren.Pipeline.Tests.Evaluation;

public sealed class EvalOutputsTests
{
    [Fact]
    public void ALocalModelsResultsGoBesideItsFolderInItsRun()
    {
        string model = Path.Combine(Path.GetTempPath(), "run", "model");
        Assert.Equal(Path.Combine(Path.GetTempPath(), "run", "eval.json"), EvalOutputs.DefaultJson(model));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "run", "eval.json"), EvalOutputs.DefaultJson(model + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void AHubModelsResultsGoToTheCurrentFolderNotTheCache() =>
        Assert.Equal("eval.json", EvalOutputs.DefaultJson("HuggingFaceTB/SmolLM2-135M"));

    [Fact]
    public void ThereIsAChartPageWhenAskedOrWhenModelsAreCompared()
    {
        string json = Path.Combine(Path.GetTempPath(), "run", "eval.json");
        Assert.Null(EvalOutputs.Html(null, json, models: 1));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "run", "eval.html"), EvalOutputs.Html(null, json, models: 2));
        Assert.Equal("mine.html", EvalOutputs.Html("mine.html", json, models: 1));
    }
}
