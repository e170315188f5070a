using Wren.Eval.Perplexity;
using Wren.Eval.Reports;
using Wren.Eval.Scoring;
using Wren.Eval.Tasks;

namespace Wren.Eval.Tests.Reports;

public sealed class EvalSettingsTests
{
    [Fact]
    public void UnsetLimitsAndLengthsAreRecordedAsWhatTheyFallBackTo()
    {
        var settings = EvalSettings.Describe("ppl:val.jsonl", null, new EvalRunOptions(), new ScorerOptions());
        Assert.Equal("ppl:val.jsonl", settings["tasks"]);
        Assert.Equal("all", settings["limit"]);
        Assert.Equal("0", settings["shots"]);
        Assert.Equal("1234", settings["seed"]);
        Assert.Equal("model", settings["max_length"]);
        Assert.Equal("max_length", settings["stride"]);
        Assert.Equal(" ", settings["target_delimiter"]);
        Assert.Equal("false", settings["add_bos"]);
    }

    [Fact]
    public void GivenSettingsAreRecordedInvariantly()
    {
        var run = new EvalRunOptions { Shots = 5, Seed = 7, Perplexity = new PerplexityOptions { MaxLength = 512, Stride = 256 } };
        var settings = EvalSettings.Describe("mc:quiz.jsonl", 1000, run, new ScorerOptions { MaxLength = 512, AddBos = true });
        Assert.Equal("1000", settings["limit"]);
        Assert.Equal("5", settings["shots"]);
        Assert.Equal("7", settings["seed"]);
        Assert.Equal("512", settings["max_length"]);
        Assert.Equal("256", settings["stride"]);
        Assert.Equal("true", settings["add_bos"]);
    }
}
