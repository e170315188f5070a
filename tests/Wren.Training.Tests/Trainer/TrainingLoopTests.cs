using System.Text.Json;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Training.Checkpoints;
using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Training.Tests.Trainer;

public sealed class TrainingLoopTests
{
    private static readonly LlamaConfig Small = ModelPresets.Make(32, 2, 4, 2, 48, 64, 32);

    [Fact]
    public void ResumingAfterAKillGivesBitIdenticalParametersToAStraightRun()
    {
        string data = MakeData(5_000, 64);
        string straight = TestShards.TempFolder(), resumed = TestShards.TempFolder();

        var straightModel = Run(data, straight, steps: 10, resume: false, stopAfter: null);

        // Killed after 6 steps (the checkpoint at step 6 survives), then resumed to 10 in a new process state.
        Run(data, resumed, steps: 10, resume: false, stopAfter: 6);
        // What a kill -9 in the middle of writing checkpoint 8 and the best model leaves behind.
        int dead = DeadProcessId();
        string halfCheckpoint = Directory.CreateDirectory(Path.Combine(resumed, "checkpoints", $"step-00000008.tmp-{dead}")).FullName;
        File.WriteAllBytes(Path.Combine(halfCheckpoint, "model.safetensors"), new byte[100]);
        string halfBest = Directory.CreateDirectory(Path.Combine(resumed, $"best.tmp-{dead}")).FullName;
        var resumedModel = Run(data, resumed, steps: 10, resume: true, stopAfter: null);
        Assert.False(Directory.Exists(halfCheckpoint));
        Assert.False(Directory.Exists(halfBest));

        Assert.True(straightModel.Parameters.Values.Span.SequenceEqual(resumedModel.Parameters.Values.Span));
        var lines = File.ReadAllLines(Path.Combine(resumed, TrainingLoop.MetricsFileName));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()));
        Assert.Equal(File.ReadAllLines(Path.Combine(straight, TrainingLoop.MetricsFileName)).Select(TrainLoss), lines.Select(TrainLoss));
    }

    [Fact]
    public void ARunWritesMetricsCheckpointsKeepsTheLastNAndALoadableModelFolder()
    {
        string data = MakeData(5_000, 64);
        string run = TestShards.TempFolder();
        File.WriteAllText(Path.Combine(data, "tokenizer.json"), "{\"model\":{\"vocab\":{\"a\":0}}}");
        var model = Run(data, run, steps: 8, resume: false, stopAfter: null, tokenizerFolder: data);

        var lines = File.ReadAllLines(Path.Combine(run, TrainingLoop.MetricsFileName));
        Assert.Equal(8, lines.Length);
        foreach (var line in lines)
        {
            var root = JsonDocument.Parse(line).RootElement;
            foreach (var key in new[] { "step", "train_loss", "lr", "grad_norm", "tokens_per_s" }) Assert.True(root.TryGetProperty(key, out _), key);
        }

        Assert.True(JsonDocument.Parse(lines[3]).RootElement.TryGetProperty("val_loss", out _)); // eval every 4
        Assert.False(JsonDocument.Parse(lines[2]).RootElement.TryGetProperty("val_loss", out _));
        var kept = Directory.GetDirectories(Path.Combine(run, "checkpoints")).Select(d => Path.GetFileName(d)!).Order().ToArray();
        Assert.Equal(new[] { "step-00000006", "step-00000008" }, kept);
        Assert.True(File.Exists(Path.Combine(run, "best", "model.safetensors")));

        string folder = Path.Combine(run, TrainingLoop.ModelFolderName);
        foreach (var f in new[] { "config.json", "model.safetensors", "generation_config.json", "tokenizer.json" }) Assert.True(File.Exists(Path.Combine(folder, f)), f);
        var config = LlamaConfigJson.Load(folder);
        Assert.Equal(Small.HiddenSize, config.HiddenSize);
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        var reloaded = new LlamaTrainingModel(config, 1, 8, new WorkerPool(1));
        reloaded.LoadFrom(checkpoint);
        Assert.True(reloaded.Parameters.Values.Span.SequenceEqual(model.Parameters.Values.Span));
    }

    [Fact]
    public void ATimeLimitedRunKnowsItsStepCountAndLearnsFromItsFirstStep()
    {
        string data = MakeData(5_000, 64);
        var model = new LlamaTrainingModel(Small, 2, 16, new WorkerPool(2));
        model.InitializeRandom(5);
        var options = new TrainerOptions
        {
            OutputFolder = TestShards.TempFolder(),
            Steps = long.MaxValue / 4,
            TimeLimit = TimeSpan.FromSeconds(2),
            LearningRate = 1e-2,
            EvalEvery = 0,
            CheckpointEvery = 0,
            KeepLastCheckpoints = 1,
            Seed = 5,
        };
        // Two untimed steps first, so the JIT is not in the timed run's first step: at load 60 that step alone outlasted
        // a 2 s budget, and a first step that is also the last rightly reports no estimate.
        var warmup = options with { OutputFolder = TestShards.TempFolder(), Steps = 2, TimeLimit = null };
        new TrainingLoop(model, TokenWindowSampler.Open(data, 5), warmup, new CheckpointStore(warmup.OutputFolder, 1, null), peakFlops: 0).Run();
        var reports = new List<StepReport>();
        var loop = new TrainingLoop(model, TokenWindowSampler.Open(data, 5), options, new CheckpointStore(options.OutputFolder, 1, null), peakFlops: 0)
        {
            StepCompleted = reports.Add,
        };
        loop.Run();

        var first = reports[0];
        Assert.True(first.TimeLimited, $"the first step took {first.Elapsed.TotalSeconds:F1} s of the {options.TimeLimit!.Value.TotalSeconds} s budget");
        // Sized from the first step's time: at most as many steps as fit in the budget at that pace, not the placeholder.
        Assert.InRange(first.TotalSteps, 1, 1_000_000);
        // Warmup is 5% of those steps, so the first update uses a real share of the peak rate (today: 1e-2 / 1.15e17).
        Assert.True(first.LearningRate >= options.LearningRate / 100_000, $"lr {first.LearningRate:E2} at step 1");
        Assert.False(reports[^1].TimeLimited);
        Assert.Equal(reports.Count, reports[^1].TotalSteps);
    }

    [Fact]
    public void APeakMeasuredTooLowNeverGivesAnMFUAboveOne()
    {
        string data = MakeData(5_000, 64);
        var reports = new List<StepReport>();
        // A peak of 1 FLOP/s: what a busy machine's measurement looks like next to any real step.
        var result = Run(data, TestShards.TempFolder(), steps: 3, resume: false, stopAfter: null, peakFlops: 1, reports: reports);

        Assert.Equal(3, reports.Count);
        Assert.All(reports, r => Assert.InRange(r.ModelFlopsUtilization, 0.0, 1.0));
        Assert.True(result.PeakFlops > 1, "the peak rose to the rate training reached");
    }

    /// <summary>The id of a process that ran and is gone.</summary>
    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static double TrainLoss(string line) => JsonDocument.Parse(line).RootElement.GetProperty("train_loss").GetDouble();

    private static LlamaTrainingModel Run(string data, string run, int steps, bool resume, long? stopAfter, string? tokenizerFolder = null) =>
        Run(data, run, steps, resume, stopAfter, peakFlops: 0, reports: null, tokenizerFolder).Model;

    private static (LlamaTrainingModel Model, double PeakFlops) Run(string data, string run, int steps, bool resume, long? stopAfter, double peakFlops, List<StepReport>? reports, string? tokenizerFolder = null)
    {
        var model = new LlamaTrainingModel(Small, 2, 16, new WorkerPool(2));
        var options = new TrainerOptions
        {
            OutputFolder = run,
            Steps = steps,
            LearningRate = 1e-2,
            EvalEvery = 4,
            EvalBatches = 2,
            CheckpointEvery = 2,
            KeepLastCheckpoints = 2,
            GradientAccumulation = 2,
            Resume = resume,
            StopAfterSteps = stopAfter,
            Seed = 5,
        };
        model.InitializeRandom(options.Seed);
        var sampler = TokenWindowSampler.Open(data, options.Seed);
        var loop = new TrainingLoop(model, sampler, options, new CheckpointStore(run, options.KeepLastCheckpoints, tokenizerFolder), peakFlops) { StepCompleted = r => reports?.Add(r) };
        loop.Run();
        return (model, loop.PeakFlops);
    }

    private static string MakeData(int count, int vocab)
    {
        string folder = TestShards.TempFolder();
        var rng = new SeededRandom(3);
        var tokens = new int[count];
        for (int i = 0; i < count; i++) tokens[i] = i % 7 == 0 ? (int)rng.NextInt64(vocab) : (tokens[Math.Max(0, i - 1)] * 3 + 1) % vocab;
        TestShards.Write(Path.Combine(folder, "train_000.bin"), tokens.AsSpan(0, count * 9 / 10));
        TestShards.Write(Path.Combine(folder, "val_000.bin"), tokens.AsSpan(count * 9 / 10), version: 2);
        return folder;
    }
}
