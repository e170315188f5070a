using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Training.Trainer;

/// <summary>
/// <c>RUN/run.json</c>: what a <c>wren train</c> run was asked to do (data, tokenizer, model config and
/// every hyperparameter), written when the run starts. It lets a later step redo the same recipe
/// elsewhere, e.g. <c>wren handoff torchrun</c> on a GPU cluster.
/// </summary>
public sealed record TrainingRunManifest
{
    public const string FileName = "run.json";
    public const string Format = "wren-run/1";

    /// <summary>Absolute path of the folder of llm.c token shards.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Absolute path of the folder holding tokenizer.json, or null when the run had none.</summary>
    public string? TokenizerFolder { get; init; }

    public required LlamaConfig ModelConfig { get; init; }

    /// <summary>B: sequences per micro-batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>T: tokens per sequence.</summary>
    public required int SequenceLength { get; init; }

    public required TrainerOptions Options { get; init; }

    /// <summary>Tokens per optimizer step: B x T x gradient accumulation.</summary>
    public long TokensPerStep => (long)BatchSize * SequenceLength * Options.GradientAccumulation;

    /// <summary>Writes <c>run.json</c> into the run folder atomically.</summary>
    public void Save(string runFolder)
    {
        var o = Options;
        var json = new JsonObject
        {
            ["format"] = Format,
            ["data"] = DataFolder,
            ["tokenizer"] = TokenizerFolder,
            ["batch_size"] = BatchSize,
            ["seq_len"] = SequenceLength,
            ["grad_accum"] = o.GradientAccumulation,
            // A time-limited run sizes its schedule after its first steps; trainer_state.json then holds the real total.
            ["steps"] = o.TimeLimit is null ? o.Steps : null,
            ["time_limit_s"] = o.TimeLimit?.TotalSeconds,
            ["lr"] = o.LearningRate,
            ["min_lr_ratio"] = o.MinLearningRateRatio,
            ["warmup_steps"] = o.WarmupSteps,
            ["schedule"] = o.Schedule.ToString().ToLowerInvariant(),
            ["weight_decay"] = o.Optimizer.WeightDecay,
            ["decay_all_parameters"] = o.Optimizer.DecayAllParameters,
            ["beta1"] = o.Optimizer.Beta1,
            ["beta2"] = o.Optimizer.Beta2,
            ["eps"] = o.Optimizer.Epsilon,
            ["clip_norm"] = o.ClipNorm,
            ["eval_every"] = o.EvalEvery,
            ["eval_batches"] = o.EvalBatches,
            ["checkpoint_every"] = o.CheckpointEvery,
            ["seed"] = o.Seed,
            ["model_config"] = JsonNode.Parse(LlamaConfigJson.ToJson(ModelConfig)),
        };
        Directory.CreateDirectory(runFolder);
        AtomicFile.WriteAllText(Path.Combine(runFolder, FileName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads <c>RUN/run.json</c>, or returns null when the run folder has none.</summary>
    public static TrainingRunManifest? Load(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) return null;
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new WrenException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: not valid JSON ({e.Message})", e);
        }

        try
        {
            if (root["model_config"] is not JsonObject model) throw new WrenException($"{path}: 'model_config' is missing");
            var defaults = new TrainerOptions { OutputFolder = runFolder };
            double? timeLimit = Number<double>(root, "time_limit_s");
            string schedule = root["schedule"]?.GetValue<string>() ?? "cosine";
            var options = defaults with
            {
                Steps = Number<long>(root, "steps") ?? defaults.Steps,
                TimeLimit = timeLimit is { } s ? TimeSpan.FromSeconds(s) : null,
                LearningRate = Number<double>(root, "lr") ?? defaults.LearningRate,
                MinLearningRateRatio = Number<double>(root, "min_lr_ratio") ?? defaults.MinLearningRateRatio,
                WarmupSteps = Number<long>(root, "warmup_steps"),
                Schedule = Enum.TryParse<ScheduleKind>(schedule, ignoreCase: true, out var kind) ? kind : throw new WrenException($"{path}: schedule '{schedule}' is not cosine, wsd or constant"),
                GradientAccumulation = Number<int>(root, "grad_accum") ?? 1,
                ClipNorm = Number<double>(root, "clip_norm") ?? defaults.ClipNorm,
                Optimizer = defaults.Optimizer with
                {
                    WeightDecay = Number<double>(root, "weight_decay") ?? defaults.Optimizer.WeightDecay,
                    DecayAllParameters = root["decay_all_parameters"]?.GetValue<bool>() ?? false,
                    Beta1 = Number<double>(root, "beta1") ?? defaults.Optimizer.Beta1,
                    Beta2 = Number<double>(root, "beta2") ?? defaults.Optimizer.Beta2,
                    Epsilon = Number<double>(root, "eps") ?? defaults.Optimizer.Epsilon,
                },
                EvalEvery = Number<int>(root, "eval_every") ?? defaults.EvalEvery,
                EvalBatches = Number<int>(root, "eval_batches") ?? defaults.EvalBatches,
                CheckpointEvery = Number<int>(root, "checkpoint_every") ?? defaults.CheckpointEvery,
                Seed = Number<ulong>(root, "seed") ?? defaults.Seed,
            };
            return new TrainingRunManifest
            {
                DataFolder = root["data"]?.GetValue<string>() ?? throw new WrenException($"{path}: 'data' is missing"),
                TokenizerFolder = root["tokenizer"]?.GetValue<string>(),
                ModelConfig = LlamaConfigJson.Parse(model.ToJsonString(), path + " (model_config)"),
                BatchSize = Number<int>(root, "batch_size") ?? throw new WrenException($"{path}: 'batch_size' is missing"),
                SequenceLength = Number<int>(root, "seq_len") ?? throw new WrenException($"{path}: 'seq_len' is missing"),
                Options = options,
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new WrenException($"{path}: a field has the wrong type ({e.Message})", e);
        }
    }

    private static T? Number<T>(JsonObject root, string name)
        where T : struct, INumber<T>
    {
        if (root[name] is not JsonValue value) return null;
        if (value.TryGetValue(out T direct)) return direct;
        // Numbers parsed from text are JsonElements; read them through the invariant text form.
        return T.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
