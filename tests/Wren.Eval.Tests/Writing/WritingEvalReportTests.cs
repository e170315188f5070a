using Wren.Eval.Reports;
using Wren.Eval.TextMetrics;
using Wren.Eval.Writing;

namespace Wren.Eval.Tests.Writing;

public sealed class WritingEvalReportTests
{
    private static WritingSystemResult System(string name, double rougeLsum, bool taskModel = false, string? error = null) => new()
    {
        Name = name,
        Description = name,
        IsTaskModel = taskModel,
        Outputs = [],
        Generation = error is null ? new GenerationScores { RougeLsum = rougeLsum } : null,
        Error = error,
    };

    private static WritingEvalReport Report(params WritingSystemResult[] systems) =>
        new() { Task = "replies", Kind = "generate", Count = 2, Systems = systems, Verdict = "" };

    [Fact]
    public void TheTaskModelAgainstTheBestOtherMeasuredSystemDecidesTheOutcome()
    {
        Assert.Equal(VerdictOutcome.ModelWins, Report(System("task model", 0.6, taskModel: true), System("retrieval", 0.4)).Outcome);
        Assert.Equal(VerdictOutcome.Tie, Report(System("retrieval", 0.5), System("task model", 0.5, taskModel: true)).Outcome);
        Assert.Equal(VerdictOutcome.BaselineWins, Report(System("retrieval", 0.7), System("task model", 0.5, taskModel: true)).Outcome);
    }

    [Fact]
    public void ASystemThatCouldNotBeMeasuredNeitherWinsNorIsBest()
    {
        var teacher = System("teacher", 0, error: "connection refused");
        var model = System("task model", 0.2, taskModel: true);
        var report = Report(model, teacher);

        Assert.Equal(VerdictOutcome.NotCompared, report.Outcome);
        Assert.True(report.IsBest(model));
        Assert.False(report.IsBest(teacher));
        Assert.Same(model, report.TaskModel);
    }

    [Fact]
    public void ATaskModelThatFailedToLoadIsNotCompared()
    {
        var report = Report(System("retrieval", 0.4), System("task model", 0, taskModel: true, error: "no model"));

        Assert.Null(report.TaskModel);
        Assert.Equal(VerdictOutcome.NotCompared, report.Outcome);
    }
}
