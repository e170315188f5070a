using System.Diagnostics;
using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Training.Data;
using Wren.Training.Handoff;
using Wren.Training.Optimization;
using Wren.Training.Schedules;
using Wren.Training.Trainer;

namespace Wren.Training.Tests.Handoff;

/// <summary>
/// The handoff folder: its files, and train.py's dry run under python3 (standard library only) reading the
/// same shards and computing the same schedule as wren.
/// </summary>
public sealed class TorchrunHandoffTests : IDisposable
{
    private const int Vocabulary = 1024;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-handoff-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void HandoffWritesConfigTokenizerDataScriptAndLauncher()
    {
        string run = MakeRun(out int[] tokens);
        var result = TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = run, GpusPerNode = 4 });

        string output = Path.Combine(run, TorchrunHandoff.DefaultFolderName);
        Assert.Equal(output, result.OutputFolder);
        foreach (string file in new[] { "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "data.json", "train.py", "launch.sh" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);

        var manifest = TrainingRunManifest.Load(run)!;
        var config = LlamaConfigJson.Load(output);
        Assert.Equal(manifest.ModelConfig with { EosTokenIds = [] }, config with { EosTokenIds = [] });
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "config.json"))))
        {
            Assert.False(doc.RootElement.TryGetProperty("rope_parameters", out _));
            Assert.Equal(0.02, doc.RootElement.GetProperty("initializer_range").GetDouble());
        }

        using (var data = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "data.json"))))
        {
            Assert.Equal(Path.Combine(run, "tokens"), data.RootElement.GetProperty("folder").GetString());
            Assert.Equal(2, data.RootElement.GetProperty("token_bytes").GetInt32());
            long listed = data.RootElement.GetProperty("train").EnumerateArray().Sum(s => s.GetProperty("tokens").GetInt64());
            Assert.Equal(TokenShardReader.ShardFiles(Path.Combine(run, "tokens"), "train").Sum(f => TokenShardReader.ReadHeader(f).TokenCount), listed);
        }

        // B 4 x accumulation 2 = 8 sequences per step split over 4 GPUs: 2 each, no accumulation; tokens per step unchanged.
        Assert.Equal(2, result.MicroBatch);
        Assert.Equal(1, result.GradientAccumulation);
        Assert.Equal(result.RunTokensPerStep, result.TokensPerStep);
        Assert.Empty(result.Notes);

        string launch = File.ReadAllText(Path.Combine(output, "launch.sh"));
        Assert.Contains("exec torchrun --standalone --nproc_per_node \"$NPROC\" \"$HERE/train.py\"", launch, StringComparison.Ordinal);
        Assert.Contains("NPROC=\"${NPROC:-4}\"", launch, StringComparison.Ordinal);
        Assert.Contains("--max-steps 200", launch, StringComparison.Ordinal);
        Assert.Contains("--warmup-steps 10", launch, StringComparison.Ordinal);
        Assert.Equal(TorchrunHandoff.TrainScript(), File.ReadAllText(Path.Combine(output, "train.py")));
        if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(Path.Combine(output, "launch.sh")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void DryRunReadsTheShardsAndPlansTheRunsBatchAndScheduleWithoutTorch()
    {
        string run = MakeRun(out int[] tokens);
        var result = TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = run, GpusPerNode = 4 });

        // A torch that cannot be imported proves the dry run never imports it.
        string fakeModules = Path.Combine(_dir, "no-torch");
        foreach (string module in new[] { "torch", "transformers" })
        {
            Directory.CreateDirectory(Path.Combine(fakeModules, module));
            File.WriteAllText(Path.Combine(fakeModules, module, "__init__.py"), "raise ImportError('the dry run must not import " + module + "')\n");
        }

        var (code, stdout, stderr) = Bash(Path.Combine(result.OutputFolder, "launch.sh"), ["--dry-run", "--plan-json"], new() { ["PYTHONPATH"] = fakeModules });
        Assert.True(code == 0, stderr);
        using var plan = JsonDocument.Parse(stdout);
        var p = plan.RootElement;
        Assert.Equal("LlamaForCausalLM", p.GetProperty("architecture").GetString());
        Assert.Equal(4, p.GetProperty("world_size").GetInt32());
        Assert.Equal(result.TokensPerStep, p.GetProperty("tokens_per_step").GetInt64());
        Assert.Equal(4L * 32 * 2, p.GetProperty("tokens_per_step").GetInt64());
        Assert.Equal(200, p.GetProperty("max_steps").GetInt64());

        // wren's hold-out: no val shards, so the last 10% of the training tokens validate.
        long cut = (long)(tokens.Length * 0.9);
        Assert.Equal(cut, p.GetProperty("train_tokens").GetInt64());
        Assert.Equal(tokens.Length - cut, p.GetProperty("val_tokens").GetInt64());
        Assert.Equal((cut - 1) / 32, p.GetProperty("train_windows").GetInt64());
        Assert.Equal(tokens[..16], p.GetProperty("first_window").EnumerateArray().Select(e => e.GetInt32()).ToArray());

        var schedule = new CosineSchedule(1e-3, 10, 200, 1e-4);
        foreach (var step in p.GetProperty("lr_at").EnumerateObject())
            Assert.Equal(schedule.At(long.Parse(step.Name)), step.Value.GetDouble(), 12);
        Assert.Equal(ModelPresets.Make(64, 2, 4, 2, 176, Vocabulary, 256).ParameterCount, p.GetProperty("parameters").GetInt64());
    }

    [Theory]
    [InlineData(ScheduleKind.Wsd)]
    [InlineData(ScheduleKind.Constant)]
    public void DryRunScheduleEqualsWrensForEveryKind(ScheduleKind kind)
    {
        string run = MakeRun(out _, kind, steps: 103, warmup: 7);
        var result = TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = run, GpusPerNode = 1 });
        var (code, stdout, stderr) = Bash(Path.Combine(result.OutputFolder, "launch.sh"), ["--dry-run", "--plan-json"]);
        Assert.True(code == 0, stderr);
        using var plan = JsonDocument.Parse(stdout);
        ILearningRateSchedule schedule = kind == ScheduleKind.Wsd
            ? new WsdSchedule(1e-3, 7, 103, 1e-4)
            : new WsdSchedule(1e-3, 7, long.MaxValue / 2, 1e-3);
        var lrAt = plan.RootElement.GetProperty("lr_at").EnumerateObject().ToList();
        Assert.True(lrAt.Count >= 4);
        foreach (var step in lrAt) Assert.Equal(schedule.At(long.Parse(step.Name)), step.Value.GetDouble(), 12);
    }

    [Fact]
    public void ValidationShardsAreUsedWhenTheyHoldABatch()
    {
        string run = MakeRun(out int[] tokens, validationTokens: 4 * 32 * 3);
        var result = TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = run, GpusPerNode = 2 });
        var (code, stdout, stderr) = Bash(Path.Combine(result.OutputFolder, "launch.sh"), ["--dry-run", "--plan-json"]);
        Assert.True(code == 0, stderr);
        using var plan = JsonDocument.Parse(stdout);
        Assert.Equal(tokens.Length, plan.RootElement.GetProperty("train_tokens").GetInt64());
        Assert.Equal(4 * 32 * 3, plan.RootElement.GetProperty("val_tokens").GetInt64());
        Assert.Equal("val shards", plan.RootElement.GetProperty("val_source").GetString());
    }

    [Fact]
    public void DryRunRejectsBadArgumentsAndDataWithExitTwoAndAReason()
    {
        string run = MakeRun(out _);
        var result = TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = run, GpusPerNode = 2 });
        string script = Path.Combine(result.OutputFolder, "train.py");
        string launch = Path.Combine(result.OutputFolder, "launch.sh");

        var missing = Python(script, ["--dry-run"]);
        Assert.Equal(2, missing.Code);
        Assert.Contains("--config", missing.Stderr, StringComparison.Ordinal);

        var zero = Bash(launch, ["--dry-run", "--micro-batch", "0"]);
        Assert.Equal(2, zero.Code);
        Assert.Contains("--micro-batch must be positive", zero.Stderr, StringComparison.Ordinal);

        var warmup = Bash(launch, ["--dry-run", "--warmup-steps", "5000"]);
        Assert.Equal(2, warmup.Code);
        Assert.Contains("--warmup-steps", warmup.Stderr, StringComparison.Ordinal);

        var moved = Bash(launch, ["--dry-run"], new() { ["DATA"] = Path.Combine(_dir, "moved") });
        Assert.Equal(2, moved.Code);
        Assert.Contains(Path.Combine(_dir, "moved"), moved.Stderr, StringComparison.Ordinal);

        string shard = TokenShardReader.ShardFiles(Path.Combine(run, "tokens"), "train")[0];
        byte[] bytes = File.ReadAllBytes(shard);
        bytes[0] ^= 0xFF;
        File.WriteAllBytes(shard, bytes);
        var corrupt = Bash(launch, ["--dry-run"]);
        Assert.Equal(2, corrupt.Code);
        Assert.Contains(Path.GetFileName(shard), corrupt.Stderr, StringComparison.Ordinal);
        Assert.Contains("magic", corrupt.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AGlobalBatchThatDoesNotSplitOverTheGpusIsNoted()
    {
        string run = MakeRun(out _);
        var result = TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = run, GpusPerNode = 3, OutputFolder = Path.Combine(_dir, "three") });
        Assert.Equal(2, result.MicroBatch);
        Assert.Equal(1, result.GradientAccumulation);
        Assert.Single(result.Notes);
        Assert.Contains("6 sequences per step on 3 GPUs, the run's was 8", result.Notes[0], StringComparison.Ordinal);

        var explicitBatch = TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = run, GpusPerNode = 8, MicroBatch = 16, GradientAccumulation = 2, OutputFolder = Path.Combine(_dir, "big") });
        Assert.Equal(16L * 32 * 2 * 8, explicitBatch.TokensPerStep);
        Assert.Contains("--micro-batch 16", File.ReadAllText(Path.Combine(_dir, "big", "launch.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void ARunWithoutItsRecipeOrPlannedStepsIsExplained()
    {
        string bare = Path.Combine(_dir, "bare");
        Directory.CreateDirectory(bare);
        var e = Assert.Throws<WrenException>(() => TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = bare, GpusPerNode = 1 }));
        Assert.Contains("run.json", e.Message, StringComparison.Ordinal);

        string timed = MakeRun(out _, timeLimit: TimeSpan.FromMinutes(10));
        e = Assert.Throws<WrenException>(() => TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = timed, GpusPerNode = 1 }));
        Assert.Contains("--steps", e.Message, StringComparison.Ordinal);
        Assert.Equal(500, TorchrunHandoff.Write(new TorchrunHandoffOptions { RunFolder = timed, GpusPerNode = 1, Steps = 500 }).Steps);
    }

    [Fact]
    public void ManifestRoundTripsEveryHyperparameter()
    {
        string run = MakeRun(out _, ScheduleKind.Wsd, steps: 321, warmup: 9);
        var loaded = TrainingRunManifest.Load(run)!;
        Assert.Equal(ScheduleKind.Wsd, loaded.Options.Schedule);
        Assert.Equal(321, loaded.Options.Steps);
        Assert.Equal(9, loaded.Options.WarmupSteps);
        Assert.Equal(2, loaded.Options.GradientAccumulation);
        Assert.Equal(0.05, loaded.Options.Optimizer.WeightDecay);
        Assert.Equal(0.99, loaded.Options.Optimizer.Beta2);
        Assert.Equal(7UL, loaded.Options.Seed);
        Assert.Equal(4, loaded.BatchSize);
        Assert.Equal(32, loaded.SequenceLength);
        Assert.Equal(Vocabulary, loaded.ModelConfig.VocabSize);
        Assert.Equal(Path.Combine(run, "tokens"), loaded.DataFolder);
    }

    private string MakeRun(out int[] tokens, ScheduleKind schedule = ScheduleKind.Cosine, long steps = 200, long warmup = 10, int validationTokens = 0, TimeSpan? timeLimit = null)
    {
        string run = Path.Combine(_dir, "run-" + Guid.NewGuid().ToString("N")[..6]);
        string data = Path.Combine(run, "tokens");
        var random = new Random(42);
        tokens = new int[5000];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = random.Next(Vocabulary);
        using (var writer = new TokenShardWriter(data, "train", Vocabulary, maxTokensPerShard: 2000)) writer.Write(tokens);
        if (validationTokens > 0)
        {
            var val = new int[validationTokens];
            for (int i = 0; i < val.Length; i++) val[i] = random.Next(Vocabulary);
            using var writer = new TokenShardWriter(data, "val", Vocabulary);
            writer.Write(val);
        }

        new TrainingRunManifest
        {
            DataFolder = data,
            TokenizerFolder = Fixtures.Folder("tiny-llama"),
            ModelConfig = ModelPresets.Make(64, 2, 4, 2, 176, Vocabulary, 256),
            BatchSize = 4,
            SequenceLength = 32,
            Options = new TrainerOptions
            {
                OutputFolder = run,
                Steps = timeLimit is null ? steps : long.MaxValue / 4,
                TimeLimit = timeLimit,
                LearningRate = 1e-3,
                WarmupSteps = warmup,
                Schedule = schedule,
                GradientAccumulation = 2,
                Optimizer = new AdamWOptions { WeightDecay = 0.05, Beta2 = 0.99 },
                Seed = 7,
            },
        }.Save(run);
        return run;
    }

    private static (int Code, string Stdout, string Stderr) Bash(string script, string[] args, Dictionary<string, string>? env = null) =>
        Run("bash", [script, .. args], env);

    private static (int Code, string Stdout, string Stderr) Python(string script, string[] args) => Run("python3", [script, .. args], null);

    private static (int Code, string Stdout, string Stderr) Run(string program, string[] args, Dictionary<string, string>? env)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
