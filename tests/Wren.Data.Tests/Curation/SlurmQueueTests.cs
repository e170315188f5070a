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
    public void A_queue_line_counts_the_array_tasks_it_stands_for(string jobId, int tasks) =>
        Assert.Equal(tasks, SlurmExecutor.CountTasks(jobId));

    [Fact]
    public void Only_our_jobs_are_summarized_by_state_with_the_pending_reason()
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
    public void An_unreachable_queue_keeps_every_job_as_still_there() =>
        Assert.Equal(["1", "2"], SlurmExecutor.ParseQueue(null, new HashSet<string> { "1", "2" }).Keys.Order());

    [Fact]
    public void The_job_script_quotes_every_path_for_the_shell() =>
        Assert.Equal("'it'\\''s here'", SlurmExecutor.ShellQuote("it's here"));

    [Fact]
    public void A_stage_job_script_runs_the_array_task_through_the_worker_command()
    {
        var executor = new SlurmExecutor(new SlurmOptions { WorkerCommand = ["/usr/bin/dotnet", "/shared/wren it's/wren.dll"] });
        var layout = new Wren.Data.Curation.Pipeline.CurationLayout("/shared/run 1");
        var stage = new Wren.Data.Curation.Dedup.BucketStage(layout, 3, new Wren.Data.Curation.Dedup.MinHashOptions());
        string script = executor.JobScript(layout, stage);
        Assert.StartsWith("#!/bin/sh\n", script, StringComparison.Ordinal);
        Assert.EndsWith("exec '/usr/bin/dotnet' '/shared/wren it'\\''s/wren.dll' curate-task --stage 'buckets' --task \"$SLURM_ARRAY_TASK_ID\" --workdir '/shared/run 1'\n", script, StringComparison.Ordinal);
    }
}
