using System.Diagnostics;
using Wren.Cli.Commands;

namespace Wren.Cli.Tests.Curation;

/// <summary><c>wren curate --resume</c> after the process was killed for real, part way through.</summary>
public sealed class CurateResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-curate-resume-" + Guid.NewGuid().ToString("N"));

    public CurateResumeTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task AKilledCurateProcessResumesWithoutRedoingFinishedTasksToTheUninterruptedOutput()
    {
        // The copies share every line: with the default boilerplate threshold nothing would be left to compare.
        string recipe = CurationOutputs.WriteFastRecipe(_root, "boilerplate:\n  min_documents: 1000\n");
        // 10 altered copies of the sample (about 0.8 MB): enough work that the kill lands mid-run.
        string input = CurationOutputs.WriteSampleWithCopy(_root, copies: 10);
        string[] arguments = ["curate", input, "--config", recipe, "--tasks", "8", "--no-report", "-j", "1"];
        string clean = Path.Combine(_root, "clean");
        Assert.Equal(0, await WrenCli.Run([.. arguments, "--out", clean]));

        string killed = Path.Combine(_root, "killed");
        string done = Path.Combine(killed, "work", "done");
        var command = WrenExecutable.Command();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in command.Skip(1).Concat(arguments).Concat(["--out", killed]))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["NO_COLOR"] = "1";
        using (var process = Process.Start(start)!)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (!(Directory.Exists(done) && Directory.GetFiles(done).Length >= 3))
            {
                Assert.False(process.HasExited, "the curate process ended before three tasks had finished");
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "no task finished within a minute");
                Thread.Sleep(5);
            }
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var finished = Directory.GetFiles(done).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc);
        Assert.False(File.Exists(Path.Combine(killed, "stats.json")), "the kill came too late: the run had finished");
        Assert.True(finished.Count < 8 + 8 + 5 + 1 + 8, "the kill came too late: every task had finished");

        Assert.Equal(0, await WrenCli.Run([.. arguments, "--out", killed, "--resume"]));
        foreach (var (marker, time) in finished)
        {
            Assert.Equal(time, File.GetLastWriteTimeUtc(Path.Combine(done, marker)));
        }
        Assert.Equal(8 + 8 + 5 + 1 + 8, Directory.GetFiles(done).Length);
        CurationOutputs.AssertSameOutputs(clean, killed);
        Assert.Equal(CurationOutputs.Counts(clean), CurationOutputs.Counts(killed));
    }
}
