using Wren.Cli.Commands;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Slurm;

namespace Wren.Cli.Tests.Curation;

/// <summary>
/// <c>wren curate --executor slurm</c> on the real one-node cluster from ./test.sh: the job arrays
/// run <c>wren curate-task</c> in child processes, and the result must equal the local run's.
/// </summary>
public sealed class SlurmExecutorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-slurm-" + Guid.NewGuid().ToString("N"));

    public SlurmExecutorTests()
    {
        Directory.CreateDirectory(_root);
        SlurmCluster.Require();
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task ASlurmRunWritesByteForByteTheOutputsOfTheLocalRun()
    {
        string recipe = CurationOutputs.WriteFastRecipe(_root);
        string input = CurationOutputs.WriteSampleWithCopy(_root);
        string local = Path.Combine(_root, "local");
        string slurm = Path.Combine(_root, "slurm");
        Assert.Equal(0, await WrenCli.Run(["curate", input, "--out", local, "--config", recipe, "--tasks", "3", "--no-report"]));
        Assert.Equal(0, await WrenCli.Run(["curate", input, "--out", slurm, "--config", recipe, "--tasks", "3", "--no-report",
            "--executor", "slurm", "--partition", "debug"]));

        CurationOutputs.AssertSameOutputs(local, slurm);
        Assert.Equal(CurationOutputs.Counts(local), CurationOutputs.Counts(slurm));
        // 10 kept of 24. The sample's JSONL has no format, so it is judged as web text, every rule as datatrove
        // publishes it: the two raw hard-ham mails (HTML and headers) fall under gopher's 0.8 share of words with
        // a letter once punctuation tokens count as words, as datatrove's word tokenizer makes them.
        Assert.Equal((24L, 10L), CurationOutputs.Counts(slurm));
        // Every task ran as a Slurm array task: one log each, written by curate-task on the node.
        var expectedTasks = new (string Stage, int Tasks)[] { ("map", 3), ("signatures", 3), ("buckets", 5), ("cluster", 1), ("finalize", 3) };
        foreach (var (stage, tasks) in expectedTasks)
        {
            for (int t = 0; t < tasks; t++)
            {
                string log = File.ReadAllText(Path.Combine(slurm, "work", "logs", $"{stage}-{t:D5}.log"));
                Assert.Contains($"wren curate-task: {stage} task {t} done", log);
            }
            Assert.Contains("curate-task --stage", File.ReadAllText(Path.Combine(slurm, "work", "logs", $"{stage}.sh")));
        }
    }

    [Fact]
    public void AFailedTaskIsReportedWithItsLogAndResumeResubmitsOnlyWhatIsMissing()
    {
        var recipe = RecipeYaml.Load(CurationOutputs.WriteFastRecipe(_root));
        string input = CurationOutputs.WriteSampleWithCopy(_root);
        string fixedFlag = Path.Combine(_root, "node-fixed");
        // A worker that fails map task 1 (as a broken node would) until the flag file exists.
        string worker = Path.Combine(_root, "flaky-wren.sh");
        var real = WrenExecutable.Command();
        File.WriteAllText(worker,
            "#!/bin/sh\n" +
            $"if [ \"$3\" = map ] && [ \"$5\" = 1 ] && [ ! -e {SlurmExecutor.ShellQuote(fixedFlag)} ]; then echo 'simulated node failure' >&2; exit 3; fi\n" +
            "exec " + string.Join(' ', real.Select(SlurmExecutor.ShellQuote)) + " \"$@\"\n");
        var executor = new SlurmExecutor(new SlurmOptions { WorkerCommand = ["/bin/sh", worker], PollInterval = TimeSpan.FromMilliseconds(300) });
        string run = Path.Combine(_root, "slurm");
        var layout = new CurationLayout(run);
        var sources = new CurationSources { Paths = [input], Tasks = 3 };
        CurationRunOptions Options(bool resume, ICurationExecutor? with, string output) => new()
        {
            Inputs = CurationInputs.Prepare(sources, new CurationLayout(output), resume).Shards,
            OutputDirectory = output,
            Recipe = recipe,
            Resume = resume,
            WriteReport = false,
            Executor = with,
        };

        var failed = Assert.Throws<CurationTasksFailedException>(() => CurationPipeline.Run(Options(false, executor, run)));
        var broken = Assert.Single(failed.Failures, f => f.State != FailedTaskStates.NotRun);
        Assert.Equal(("map", 1), (broken.Stage, broken.Task));
        Assert.Equal(layout.TaskLog("map", 1), broken.LogPath);
        Assert.Contains("simulated node failure", broken.LastLines);
        // The later stages never started: their dependency failed.
        Assert.Equal(3 + 5 + 1 + 3, failed.Failures.Count(f => f.State == FailedTaskStates.NotRun));
        Assert.Contains("map task 1", failed.Message);
        Assert.True(File.Exists(layout.Marker("map", 0)));
        Assert.True(File.Exists(layout.Marker("map", 2)));
        Assert.False(File.Exists(layout.Marker("map", 1)));
        Assert.False(File.Exists(layout.StatsFile));
        DateTime task0Done = File.GetLastWriteTimeUtc(layout.Marker("map", 0));
        DateTime task0Logged = File.GetLastWriteTimeUtc(layout.TaskLog("map", 0));

        // While a job of an earlier submission is still queued, resuming would run its tasks twice: refused.
        string jobs = Path.Combine(layout.Logs, "jobs.txt");
        string held = Slurm("sbatch", "--parsable", "--hold", "--job-name=wren-test-held", $"--output={Path.Combine(_root, "held.log")}", "--wrap=true").Trim();
        string submittedJobs = File.ReadAllText(jobs);
        File.AppendAllText(jobs, held + " map\n");
        try
        {
            var refused = Assert.Throws<Wren.Runtime.WrenException>(() => CurationPipeline.Run(Options(true, executor, run)));
            Assert.Contains($"Slurm jobs {held} ", refused.Message);
        }
        finally
        {
            Slurm("scancel", held);
        }
        File.WriteAllText(jobs, submittedJobs);

        File.WriteAllText(fixedFlag, "");
        CurationPipeline.Run(Options(true, executor, run));
        Assert.Equal(["map", "signatures", "buckets", "cluster", "finalize"], executor.Jobs.Select(j => j.Stage));
        Assert.Equal(task0Done, File.GetLastWriteTimeUtc(layout.Marker("map", 0)));
        // Only map task 1 was submitted again: task 0's log is the first run's.
        Assert.Equal(task0Logged, File.GetLastWriteTimeUtc(layout.TaskLog("map", 0)));
        Assert.Contains("wren curate-task: map task 1 done", File.ReadAllText(layout.TaskLog("map", 1)));

        string local = Path.Combine(_root, "local");
        CurationPipeline.Run(Options(false, null, local));
        CurationOutputs.AssertSameOutputs(local, run);
    }

    private static string Slurm(string tool, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
