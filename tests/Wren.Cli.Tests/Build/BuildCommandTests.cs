using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wren.Pipeline.Build;
using Wren.Pipeline.Build.Recipe;
using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Generation;

namespace Wren.Cli.Tests.Build;

/// <summary>The acceptance test of <c>wren build</c>: a small cut of the sample, end to end, and what re-runs when.</summary>
public sealed partial class BuildCommandTests(SampleBuildFixture build) : IClassFixture<SampleBuildFixture>
{
    [Fact]
    public void EveryStageRanAndWroteItsOutputs()
    {
        Assert.Equal(0, build.ExitCode);
        var state = build.State;
        Assert.Equal(BuildStages.Names, state.Stages.Select(s => s.Name));
        foreach (var stage in state.Stages)
        {
            Assert.Equal(StageStatus.Done, stage.Status);
            Assert.NotNull(stage.InputHash);
            Assert.NotNull(stage.OutputHash);
            Assert.NotEmpty(stage.Outputs);
            foreach (string output in stage.Outputs)
            {
                string path = Path.Combine(build.Output, output);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{stage.Name}: {output} is missing");
            }
        }
        Assert.True(File.Exists(Path.Combine(build.Output, "curate", "report.html")));
        Assert.True(File.Exists(Path.Combine(build.Output, "train", "model", "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(build.Output, "train", "loss.png")));
        var train = state.Get(BuildStages.Train).Metrics;
        Assert.Equal(8, train["steps"]);
        Assert.True(train["final_validation_loss"] is > 0 and < 20);
        var eval = state.Get(BuildStages.Eval).Metrics;
        Assert.True(eval["heldout_documents"] > 0);
        Assert.True(eval["ppl:heldout.jsonl/bits_per_byte"] > 0);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Output, "eval", "eval.json")));
        Assert.Equal(1, results.RootElement.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public void TheGgufLoadsInLlamaCppAndGeneratesTokens()
    {
        string gguf = Path.Combine(build.Output, "export", "model-q8_0.gguf");
        using (var reader = GgufReader.Open(gguf))
        {
            Assert.Equal("llama", reader.Get("general.architecture").AsString());
        }
        int vocabulary = (int)build.State.Get(BuildStages.Train).Metrics["vocabulary"];
        var (llamaVocabulary, generated) = LlamaCppGreedy.Generate(gguf, "Fellow citizens of the Senate", 8);
        Assert.Equal(vocabulary, llamaVocabulary);
        Assert.Equal(8, generated.Length);
        Assert.All(generated, id => Assert.InRange(id, 0, vocabulary - 1));
    }

    [Fact]
    public void TheTrainedModelGeneratesTextAndTheSampleStageKeptIt()
    {
        using var generations = JsonDocument.Parse(File.ReadAllText(Path.Combine(build.Output, "sample", "generations.json")));
        var first = generations.RootElement[0];
        Assert.Equal("Fellow citizens of the Senate", first.GetProperty("prompt").GetString());
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("text").GetString()));
        // Up to max_tokens: a sampled end-of-text token may end it sooner (seen at load, where the build's
        // model came out different), so 12 is a bound, not the count.
        Assert.InRange(first.GetProperty("tokens").GetInt32(), 1, 12);

        using var model = WrenModel.Load(Path.Combine(build.Output, "train", "model"));
        Assert.Equal((int)build.State.Get(BuildStages.Train).Metrics["vocabulary"], model.Model.Config.VocabSize);
    }

    [Fact]
    public void TheConsoleShowsEachStageAsItRunsAndEndsWithTheSummaryAndWhereThingsAre()
    {
        string shown = build.Console;
        for (int i = 0; i < BuildStages.Names.Count; i++)
        {
            Assert.Contains($"{i + 1}/{BuildStages.Names.Count} {BuildStages.Names[i]}", shown);
        }
        Assert.Contains("wren build", shown);
        Assert.Contains("Kept ", shown);
        Assert.Contains("matmul peak", shown);
        Assert.Contains("Fellow citizens of the Senate", shown);
        Assert.Contains("Build finished in", shown);
        Assert.Contains("wren serve --model", shown);
        Assert.True(shown.IndexOf("1/9 ingest", StringComparison.Ordinal) < shown.IndexOf("8/9 sample", StringComparison.Ordinal));
        Assert.True(shown.IndexOf("8/9 sample", StringComparison.Ordinal) < shown.IndexOf("9/9 tasks", StringComparison.Ordinal));
        Assert.Contains("Tasks: route-mail: accuracy", shown);
    }

    [Fact]
    public void ABuildWhoseRecipeNamesTasksSuggestsNoOthers()
    {
        // The sample's build has its route-mail task: suggestions are for a recipe without a tasks: section
        // (TaskSuggestionsTests in Wren.Pipeline.Tests shows them).
        Assert.Contains("Tasks: route-mail", build.Console);
        Assert.DoesNotContain("The data also supports these targeted tasks", build.Console);
    }

    [GeneratedRegex("data-stat=\"([^\"]+)\" data-value=\"([^\"]+)\"")]
    private static partial Regex DataStat();

    [Fact]
    public void TheTaskStageBuildsTheMailTaskTrainsItsModelAndMeasuresItBesideTheBaselines()
    {
        Assert.Equal(0, build.ExitCode);
        var tasks = build.State.Get(BuildStages.Tasks).Metrics;
        Assert.True(tasks["route-mail/labels"] >= 4);
        Assert.True(tasks["route-mail/test_examples"] > 0);
        Assert.InRange(tasks["route-mail/accuracy"], 0, 1);
        Assert.InRange(tasks["route-mail/tfidf_logreg_accuracy"], 0, 1);
        Assert.InRange(tasks["route-mail/majority_accuracy"], 0, 1);
        string folder = Path.Combine(build.Output, "tasks", "route-mail");
        Assert.True(File.Exists(Path.Combine(folder, "data", "test.jsonl")));
        Assert.True(File.Exists(Path.Combine(folder, "run", "model", "config.json")));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "eval", "eval.json")));
        Assert.Equal(tasks["route-mail/accuracy"], results.RootElement.GetProperty("accuracy").GetDouble(), 6);
        Assert.True(results.RootElement.GetProperty("baselines").TryGetProperty("tfidf_logreg", out _));
        Assert.Contains("task route-mail", build.Console, StringComparison.Ordinal);
        Assert.Matches("The task model wins|A tie|The baseline wins", build.Console);
        string index = File.ReadAllText(Path.Combine(build.Output, "index.html"));
        Assert.True(index.IndexOf("<h2>Tasks</h2>", StringComparison.Ordinal) is > 0 and var at && at < index.IndexOf("<h2>Stages</h2>", StringComparison.Ordinal), "the task results lead index.html");
        Assert.Contains("data-task-verdict=", index, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexHtmlRendersInHeadlessChromiumWithoutConsoleErrorsAndShowsTheBuildJsonNumbers()
    {
        string index = Path.Combine(build.Output, "index.html");
        string html = File.ReadAllText(index);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotMatch("(src|href)=\"https?:", html);
        var (dom, log) = RunChromium(index);
        Assert.Contains("<h1>Wren build</h1>", dom);
        Assert.DoesNotContain(":CONSOLE(", log);
        Assert.Contains("href=\"curate/report.html\"", dom);
        Assert.Contains("data:image/png;base64,", dom);
        Assert.Contains("Scaling up: cost plan", dom);
        Assert.Contains("H100", dom);
        Assert.Contains("Fellow citizens of the Senate", dom);

        var shown = DataStat().Matches(dom).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var state = build.State;
        foreach (var (stage, key) in new[]
        {
            (BuildStages.Curate, "kept_documents"), (BuildStages.Tokens, "train_tokens"), (BuildStages.Train, "final_validation_loss"),
            (BuildStages.Train, "parameters"), (BuildStages.Eval, "ppl:heldout.jsonl/bits_per_byte"), (BuildStages.Eval, "cloze:heldout.jsonl/acc"),
            (BuildStages.Tasks, "route-mail/accuracy"), (BuildStages.Tasks, "route-mail/tfidf_logreg_accuracy"),
        })
        {
            Assert.Equal(state.Get(stage).Metrics[key], shown[stage + "." + key]);
        }
    }

    [Fact]
    public async Task ASecondBuildSkipsEveryStageAndAnEditedTrainingSectionRerunsOnlyTrainingAndWhatFollows()
    {
        string output = build.CopyOutput();
        var modelFile = new FileInfo(Path.Combine(output, "train", "model", "model.safetensors"));
        DateTime written = modelFile.LastWriteTimeUtc;

        Assert.Equal(0, await WrenCli.Run(["build", build.Source, "--out", output, "--recipe", build.RecipePath]));
        var again = BuildState.TryRead(output)!;
        Assert.All(again.Stages, s => Assert.Equal(StageStatus.Skipped, s.Status));
        Assert.Equal(written, new FileInfo(modelFile.FullName).LastWriteTimeUtc);

        string edited = Path.Combine(Path.GetDirectoryName(output)!, Path.GetFileName(output) + ".yaml");
        File.WriteAllText(edited, SampleBuildFixture.Recipe.Replace("steps: 8", "steps: 6", StringComparison.Ordinal));
        Assert.Equal(0, await WrenCli.Run(["build", build.Source, "--out", output, "--recipe", edited]));
        var rerun = BuildState.TryRead(output)!;
        // The task stage reads the curated documents, not the general model: a training edit leaves it as it was.
        string[] expected = ["skipped", "skipped", "skipped", "skipped", "done", "done", "done", "done", "skipped"];
        Assert.Equal(expected, rerun.Stages.Select(s => s.Status));
        Assert.Equal(6, rerun.Get(BuildStages.Train).Metrics["steps"]);

        Assert.Equal(0, await WrenCli.Run(["build", build.Source, "--out", output, "--recipe", edited, "--from", "export"]));
        Assert.Equal(["skipped", "skipped", "skipped", "skipped", "skipped", "skipped", "done", "done", "done"], BuildState.TryRead(output)!.Stages.Select(s => s.Status));
    }

    [Fact]
    public async Task ABuildCancelledDuringTrainingRecordsItAndTheNextBuildResumesAtTraining()
    {
        string output = build.CopyOutput();
        string edited = Path.Combine(Path.GetDirectoryName(output)!, Path.GetFileName(output) + ".yaml");
        File.WriteAllText(edited, SampleBuildFixture.Recipe.Replace("steps: 8", "steps: 400", StringComparison.Ordinal));
        var context = new BuildContext
        {
            OutputDirectory = output,
            Recipe = BuildRecipeYaml.Load(edited),
            RecipeDirectory = Path.GetDirectoryName(edited)!,
            Sources = [build.Source],
            Observer = NullBuildObserver.Instance,
            Threads = 2,
            State = BuildState.TryRead(output)!,
        };
        using var cancel = new CancellationTokenSource();
        var running = Task.Run(() => BuildRunner.RunAsync(context, null, cancel.Token));
        var clock = Stopwatch.StartNew();
        while (BuildState.TryRead(output)!.Get(BuildStages.Train).Status != StageStatus.Running && !running.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }
        await Task.Delay(300);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var stopped = BuildState.TryRead(output)!;
        Assert.Equal(StageStatus.Cancelled, stopped.Get(BuildStages.Train).Status);
        Assert.Null(stopped.Get(BuildStages.Train).InputHash);
        Assert.Equal(StageStatus.Skipped, stopped.Get(BuildStages.Tokens).Status);

        File.WriteAllText(edited, SampleBuildFixture.Recipe.Replace("steps: 8", "steps: 5", StringComparison.Ordinal));
        Assert.Equal(0, await WrenCli.Run(["build", build.Source, "--out", output, "--recipe", edited]));
        var resumed = BuildState.TryRead(output)!;
        Assert.Equal(["skipped", "skipped", "skipped", "skipped", "done", "done", "done", "done", "skipped"], resumed.Stages.Select(s => s.Status));
    }

    [Fact]
    public async Task AMissingSourceIsAUserErrorBeforeAnyStageRuns()
    {
        string missing = Path.Combine(Path.GetTempPath(), "wren-no-such-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(1, await WrenCli.Run(["build", missing, "--out", missing + "-out"]));
        Assert.False(Directory.Exists(missing + "-out"));
    }

    private static (string Dom, string Log) RunChromium(string htmlPath)
    {
        string chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: run ./test.sh as root (or apt-get install -y chromium)");
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(htmlPath).AbsoluteUri })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 120 s");
        }
        return (dom, stderr.Result);
    }
}
