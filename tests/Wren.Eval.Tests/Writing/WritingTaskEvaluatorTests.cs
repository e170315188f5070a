using Wren.Eval.Reports;
using Wren.Eval.Writing;

namespace Wren.Eval.Tests.Writing;

public sealed class WritingTaskEvaluatorTests
{
    private static readonly (string, string)[] Train =
    [
        ("refund for the double charge", "Refunded, sorry for the trouble."),
        ("parcel lost in transit", "We will send a new parcel today."),
    ];

    private static readonly (string, string, string?)[] Test =
    [
        ("double charge on my card", "Refunded, sorry for the trouble.", "t1"),
        ("my parcel is lost", "We will send a new parcel today.", "t2"),
    ];

    [Fact]
    public async Task WhenTheRetrievalBaselineBeatsTheTaskModelTheVerdictSaysSo()
    {
        var report = await WritingTaskEvaluator.RunAsync(new WritingEvalOptions
        {
            TaskName = "replies",
            Kind = "generate",
            Train = Train.Select(t => (t.Item1, t.Item2)).ToList(),
            Test = Test,
            Systems = [new WritingSystem("task model", "says hello", (_, _) => Task.FromResult("hello"), IsTaskModel: true)],
        });

        Assert.Equal("retrieval", report.Systems[0].Name);
        Assert.Equal(1, report.Systems[0].Generation!.ExactMatch);
        Assert.StartsWith("retrieval beats the task model", report.Verdict, StringComparison.Ordinal);
        Assert.Equal(VerdictOutcome.BaselineWins, report.Outcome);
        Assert.Equal(2, report.Worst.Count);
        Assert.All(report.Worst, w => Assert.Equal("hello", w.Output));
    }

    [Fact]
    public async Task ATeacherThatFailsIsReportedWithItsReasonAndTheRestIsMeasured()
    {
        var report = await WritingTaskEvaluator.RunAsync(new WritingEvalOptions
        {
            TaskName = "fields",
            Kind = "extract",
            SchemaJson = """{"type":"object","properties":{"q":{"type":"string"}},"required":["q"],"additionalProperties":false}""",
            Train = [("a", """{"q":"x"}"""), ("b", """{"q":"x"}""")],
            Test = [("a", """{"q":"x"}""", null)],
            Systems =
            [
                new WritingSystem("task model", "copies", (_, _) => Task.FromResult("""{"q":"x"}"""), IsTaskModel: true),
                new WritingSystem("teacher", "down", (_, _) => throw new HttpRequestException("connection refused")),
            ],
        });

        var teacher = report.Systems.Single(s => s.Name == "teacher");
        Assert.Equal("connection refused", teacher.Error);
        var model = report.Systems.Single(s => s.IsTaskModel);
        Assert.Equal(1, model.Extraction!.Validity);
        Assert.Equal(1, model.Extraction.TokenF1);
        Assert.Contains(report.Systems, s => s.Name == "majority");
        Assert.StartsWith("the task model ties with retrieval", report.Verdict, StringComparison.Ordinal);
        Assert.Equal(VerdictOutcome.Tie, report.Outcome);
    }

    [Fact]
    public async Task TheJudgesGradesAreAveragedPerSystemAndRepliesThatAreNotGradesAreCounted()
    {
        var report = await WritingTaskEvaluator.RunAsync(new WritingEvalOptions
        {
            TaskName = "replies",
            Kind = "generate",
            Train = Train.Select(t => (t.Item1, t.Item2)).ToList(),
            Test = Test,
            Systems = [new WritingSystem("task model", "says hello", (_, _) => Task.FromResult("hello"), IsTaskModel: true)],
            // Grades the reference's own words 5, "hello" 2 the first time and not at all the second.
            Judge = (input, reference, answer, _) => Task.FromResult<int?>(answer == reference ? 5 : input.Contains("card", StringComparison.Ordinal) ? 2 : null),
        });

        var model = report.Systems.Single(s => s.IsTaskModel);
        Assert.Equal(2, model.JudgeScore);
        Assert.Equal(1, model.JudgeUngraded);
        var retrieval = report.Systems.Single(s => s.Name == "retrieval");
        Assert.Equal(5, retrieval.JudgeScore);
        Assert.Equal(0, retrieval.JudgeUngraded);
    }
}
