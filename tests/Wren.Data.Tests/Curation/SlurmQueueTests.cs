using Wren.Data.Curation.Slurm;

namespace Wren.Data.Tests.Curation;

/// <summary>How the Slurm executor reads <c>squeue --format=%F|%i|%T|%r</c> while it waits.</summary>
public sealed class SlurmQueueTests
{
    [Theory]
    [InlineData("17", 1)]
    [InlineData("17_3", 1)]
    [InlineData("17_[0-3]", 4)]
    [InlineData("17_[0-3,7,9-10]", 7)]
    [InlineData("17_[4-7%2]", 4)]
    public void AQueueLineCountsTheArrayTasksItStandsFor(string jobId, int tasks) =>
        Assert.Equal(tasks, SlurmExecutor.CountTasks(jobId));

    [Fact]
    public void OnlyOurJobsAreSummarizedByStateWithThePendingReason()
    {
        const string squeue = """
            101|101_0|RUNNING|None
            101|101_1|RUNNING|None
            101|101_[2-5]|PENDING|Resources
            102|102_[0-5]|PENDING|Dependency
            999|999|RUNNING|None

            """;
        var states = SlurmExecutor.ParseQueue(squeue, new HashSet<string> { "101", "102", "103" });
        Assert.Equal(2, states.Count);
        Assert.Equal("4 PENDING (Resources), 2 RUNNING", states["101"]);
        Assert.Equal("6 PENDING (Dependency)", states["102"]);
    }

    [Fact]
    public void AnUnreachableQueueKeepsEveryJobAsStillThere() =>
        Assert.Equal(["1", "2"], SlurmExecutor.ParseQueue(null, new HashSet<string> { "1", "2" }).Keys.Order());

    [Fact]
    public void TheJobScriptQuotesEveryPathForTheShell() =>
        Assert.Equal("'it'\\''s here'", SlurmExecutor.ShellQuote("it's here"));

    [Fact]
    public void AStageJobScriptRunsTheArrayTaskThroughTheWorkerCommand()
    {
        var executor = new SlurmExecutor(new SlurmOptions { WorkerCommand = ["/usr/bin/dotnet", "/shared/wren it's/wren.dll"] });
        var layout = new Wren.Data.Curation.Pipeline.CurationLayout("/shared/run 1");
        var stage = new Wren.Data.Curation.Dedup.BucketStage(layout, 3, new Wren.Data.Curation.Dedup.MinHashOptions());
        string script = executor.JobScript(layout, stage);
        Assert.StartsWith("#!/bin/sh\n", script, StringComparison.Ordinal);
        Assert.EndsWith("exec '/usr/bin/dotnet' '/shared/wren it'\\''s/wren.dll' curate-task --stage 'buckets' --task \"$SLURM_ARRAY_TASK_ID\" --workdir '/shared/run 1'\n", script, StringComparison.Ordinal);
    }
}
