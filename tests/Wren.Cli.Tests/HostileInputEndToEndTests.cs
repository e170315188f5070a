using System.Diagnostics;
using System.Text.Json;
using Wren.Cli.Tests.Curation;
using Wren.Data.Documents;
using Wren.Data.Tests.Sources;
using Wren.Runtime.Tests.Models;

namespace Wren.Cli.Tests;

/// <summary>
/// Issue 17's "done when", end to end through the <c>wren</c> process: a folder holding every hostile input
/// beside good documents is ingested in bounded time and memory, keeps the good documents, reads nothing
/// outside itself and lists every bad file with its reason; every corrupt model file gets a one-line error
/// and exit code 1; nothing stale survives a resume. Bounds are generous (the issue measured 6.3 GB and
/// hangs past 300 s before the fixes): they catch a regression, not noise.
/// </summary>
public sealed class HostileInputEndToEndTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wren-hostile-e2e-").FullName;

    public void Dispose()
    {
        HostileFolder.Delete(Path.Combine(_root, "input"));
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void AFolderOfEveryHostileInputIsIngestedInBoundedTimeAndMemoryReadingNothingOutsideIt()
    {
        string input = Path.Combine(_root, "input");
        HostileFolder.Build(input, RepositoryRoot(), full: false);
        string output = Path.Combine(_root, "ingested");

        var run = Wren(["ingest", input, "--out", output, "--threads", "2"], TimeSpan.FromMinutes(5));

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(run.PeakRssBytes < 1L << 30, $"peak RSS {run.PeakRssBytes / 1e6:F0} MB");
        var documents = DocumentShardReader.Read(Path.Combine(output, "documents")).ToList();
        string good = Path.Combine(RepositoryRoot(), "samples", "acme", "docs");
        foreach (string speech in Directory.GetFiles(good))
        {
            Assert.Contains(documents, d => d.Source == $"{input}/good/{Path.GetFileName(speech)}");
        }
        Assert.DoesNotContain(documents, d => d.Text.Contains(HostileFolder.OutsideSecret, StringComparison.Ordinal));
        Assert.All(documents, d => Assert.StartsWith(input + "/", d.Source));
        Assert.DoesNotContain(documents, d => d.Source.Contains("/links/", StringComparison.Ordinal));
        // The loops cost nothing: the note in the looping folder is read once.
        Assert.Single(documents, d => d.Text.StartsWith("A note in the folder with link loops.", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Source.EndsWith("hostile/nested-div.html", StringComparison.Ordinal) && d.Text.StartsWith("The innermost sentence.", StringComparison.Ordinal));

        var lines = File.ReadAllLines(Path.Combine(output, "ingest-errors.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var (file, reason) in HostileFolder.Expected)
        {
            Assert.True(lines.Any(l => l.GetProperty("level").GetString() == "error" && l.GetProperty("file").GetString()!.StartsWith($"{input}/{file}", StringComparison.Ordinal)
                && l.GetProperty("error").GetString()!.Contains(reason, StringComparison.Ordinal)), $"no error for {file} ({reason}) in:\n{string.Join('\n', lines)}");
        }
        foreach (var (file, reason) in HostileFolder.ExpectedWarnings)
        {
            Assert.True(lines.Any(l => l.GetProperty("level").GetString() == "warning" && l.GetProperty("file").GetString()!.StartsWith($"{input}/{file}", StringComparison.Ordinal)
                && l.GetProperty("error").GetString()!.Contains(reason, StringComparison.Ordinal)), $"no warning for {file} ({reason}) in:\n{string.Join('\n', lines)}");
        }
        Assert.Contains("input(s) could not be read", run.Output);
        Assert.Contains("read with a caveat", run.Output);
    }

    [Fact]
    public async Task EveryCorruptModelFileGetsAOneLineErrorAndExitCode1()
    {
        string tinyLlama = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        var cases = HostileModelFiles.Write(Path.Combine(_root, "models"), tinyLlama);
        // Two at a time: each is a process start (most of its time), and the machine has other work.
        using var slots = new SemaphoreSlim(2);
        var runs = await Task.WhenAll(cases.Select(async c =>
        {
            await slots.WaitAsync();
            try
            {
                return (Case: c, Run: await Task.Run(() => Wren(["generate", "--model", c.Path, "--prompt", "Hello", "--max-tokens", "2", "--threads", "1"], TimeSpan.FromMinutes(2))));
            }
            finally
            {
                slots.Release();
            }
        }));
        var failures = new List<string>();
        foreach (var (c, run) in runs)
        {
            string[] errorLines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (run.ExitCode != 1 || errorLines.Length != 1 || !errorLines[0].StartsWith("wren: error: ", StringComparison.Ordinal) || !errorLines[0].Contains(c.Expected, StringComparison.Ordinal))
            {
                failures.Add($"{c.Name}: {run.Describe()}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void NothingStaleSurvivesAResume()
    {
        string input = Path.Combine(_root, "curate-input");
        Directory.CreateDirectory(input);
        foreach (string speech in Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples", "acme", "docs"), "*.txt"))
        {
            File.Copy(speech, Path.Combine(input, Path.GetFileName(speech)));
        }
        File.WriteAllBytes(Path.Combine(input, "deep.docx"), HostileInputs.NestedSdtDocx(50_000));
        string recipe = CurationOutputs.WriteFastRecipe(_root);
        string output = Path.Combine(_root, "curated");
        string[] curate = ["curate", input, "--out", output, "--config", recipe, "--tasks", "2", "-j", "1", "--no-report"];
        var first = Wren(curate, TimeSpan.FromMinutes(5));
        Assert.True(first.ExitCode == 0, first.Describe());

        // What kill -9 leaves: temporary files of a writer that is gone, in rejected/ and work/.
        int dead = DeadProcessId();
        string[] leftovers =
        [
            Path.Combine(output, "rejected", $".part-00001.jsonl.zst.{dead}.0badc0de.tmp"),
            Path.Combine(output, "work", "map", $".part-00000.jsonl.zst.{dead}.12345678.tmp"),
        ];
        foreach (string leftover in leftovers)
        {
            File.WriteAllText(leftover, "half a shard");
        }
        var resumed = Wren([.. curate, "--resume"], TimeSpan.FromMinutes(5));
        Assert.True(resumed.ExitCode == 0, resumed.Describe());
        Assert.All(leftovers, l => Assert.False(File.Exists(l), l));

        string edited = Path.Combine(input, "1790-george-washington.txt");
        File.AppendAllText(edited, "\nA paragraph added after the run.\n");
        var refused = Wren([.. curate, "--resume"], TimeSpan.FromMinutes(5));
        Assert.Equal(1, refused.ExitCode);
        string error = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"cannot resume: {edited} changed size", error);
    }

    private static WrenProcessRun Wren(string[] arguments, TimeSpan timeout) => WrenProcess.Run(arguments, timeout);

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static string RepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Wren.slnx")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("the tests run inside the repository");
    }
}
