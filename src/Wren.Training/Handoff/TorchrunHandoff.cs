using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Export.HuggingFace;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Tokenization;
using Wren.Training.Checkpoints;
using Wren.Training.Data;
using Wren.Training.Trainer;

namespace Wren.Training.Handoff;

/// <summary>
/// Hands a <c>wren train</c> recipe to PyTorch: writes a folder with the HF <c>config.json</c>, the tokenizer,
/// <c>data.json</c> (where the llm.c token shards are and what they hold), <c>train.py</c> (a plain
/// transformers + DDP trainer that reads the shards) and <c>launch.sh</c>, which calls
/// <c>torchrun --nproc_per_node N train.py</c> with the run's hyperparameters. Checkpoints it saves are
/// Hugging Face folders that <c>wren import</c> brings back.
/// </summary>
public static class TorchrunHandoff
{
    public const string DefaultFolderName = "handoff-torchrun";
    public const string ScriptName = "train.py";
    public const string LaunchName = "launch.sh";
    public const string DataFileName = "data.json";
    public const string InitFolderName = "init";

    /// <summary>The training script as shipped inside this assembly.</summary>
    public static string TrainScript() => EmbeddedScript(ScriptName);

    /// <summary>A script embedded in this assembly under Handoff/.</summary>
    internal static string EmbeddedScript(string name)
    {
        using Stream stream = typeof(TorchrunHandoff).Assembly.GetManifestResourceStream("Wren.Training.Handoff." + name)
            ?? throw new InvalidOperationException(name + " is not embedded in Wren.Training");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static TorchrunHandoffResult Write(TorchrunHandoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string run = Path.GetFullPath(options.RunFolder);
        if (!Directory.Exists(run)) throw new WrenException($"run folder not found: {run}");
        if (options.GpusPerNode <= 0) throw new WrenException($"--gpus must be positive, got {options.GpusPerNode}");
        if (options.Nodes <= 0) throw new WrenException($"--nodes must be positive, got {options.Nodes}");
        var manifest = TrainingRunManifest.Load(run)
            ?? throw new WrenException($"{run}: has no {TrainingRunManifest.FileName}; it records the recipe (data, model, hyperparameters) and is written by wren train when a run starts");
        var notes = new List<string>();

        string data = Path.GetFullPath(options.DataFolder ?? manifest.DataFolder);
        var trainShards = TokenShardReader.ShardFiles(data, "train");
        if (trainShards.Count == 0) throw new WrenException($"{data}: no llm.c token shards named train_*.bin (pass --data where they are now)");
        var valShards = TokenShardReader.ShardFiles(data, "val");

        long steps = ResolveSteps(options, manifest, run, notes);
        long warmup = manifest.Options.WarmupSteps ?? Math.Max(1, steps / 20);
        warmup = Math.Min(warmup, steps);
        int world = checked(options.GpusPerNode * options.Nodes);
        var (micro, accumulation) = SplitBatch(manifest, world, options, notes);
        int T = manifest.SequenceLength;

        string output = Path.GetFullPath(options.OutputFolder ?? Path.Combine(run, DefaultFolderName));
        Directory.CreateDirectory(output);
        var files = new List<string>();

        // The model: config.json in the spelling every transformers version reads.
        var config = manifest.ModelConfig;
        var configJson = (JsonObject)JsonNode.Parse(LlamaConfigJson.ToJson(config, HfConfigSpelling.Transformers4, "float32"))!;
        configJson["initializer_range"] = 0.02;
        configJson["use_cache"] = true;
        configJson["transformers_version"] = GenerationConfigJson.TransformersVersion;
        AtomicFile.WriteAllText(Path.Combine(output, LlamaConfigJson.FileName), configJson.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        files.Add(LlamaConfigJson.FileName);
        GenerationConfigJson.Save(config, output);
        files.Add(GenerationConfigJson.FileName);

        string tokenizerFolder = FindTokenizer(manifest, run);
        var tokenizer = BpeTokenizer.Load(tokenizerFolder);
        if (tokenizer.VocabularySize > config.VocabSize)
            throw new WrenException($"{tokenizerFolder}: the tokenizer has {tokenizer.VocabularySize} ids, more than the model's vocab_size {config.VocabSize}");
        files.AddRange(HfTokenizerFiles.Write(tokenizerFolder, output, config, tokenizer));

        long trainTokens = WriteDataJson(output, data, trainShards, valShards);
        files.Add(DataFileName);

        string? init = null;
        if (options.InitFromRun)
        {
            var (modelFolder, _) = RunModelLocator.Resolve(run);
            init = Path.Combine(output, InitFolderName);
            HfModelExporter.Export(new HfExportOptions { ModelDirectory = modelFolder, OutputDirectory = init });
            files.Add(InitFolderName + "/");
        }

        AtomicFile.WriteAllText(Path.Combine(output, ScriptName), TrainScript());
        files.Add(ScriptName);
        string launch = Path.Combine(output, LaunchName);
        AtomicFile.WriteAllText(launch, LaunchScript(manifest, run, data, options, world, micro, accumulation, steps, warmup, init is not null));
        MakeExecutable(launch, Path.Combine(output, ScriptName));

        files.Add(LaunchName);
        files.Sort(StringComparer.Ordinal);
        return new TorchrunHandoffResult
        {
            OutputFolder = output,
            Files = files,
            DataFolder = data,
            WorldSize = world,
            MicroBatch = micro,
            GradientAccumulation = accumulation,
            SequenceLength = T,
            TokensPerStep = (long)micro * T * accumulation * world,
            RunTokensPerStep = manifest.TokensPerStep,
            Steps = steps,
            WarmupSteps = warmup,
            TrainTokens = trainTokens,
            Notes = notes,
        };
    }

    private static long ResolveSteps(TorchrunHandoffOptions options, TrainingRunManifest manifest, string run, List<string> notes)
    {
        if (options.Steps is { } explicitSteps)
        {
            if (explicitSteps <= 0) throw new WrenException($"--steps must be positive, got {explicitSteps}");
            return explicitSteps;
        }

        if (manifest.Options.TimeLimit is null) return manifest.Options.Steps;

        // A time-limited run sized its schedule from its first steps; its checkpoints record that total.
        if (new CheckpointStore(run).Latest() is { } latest)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(latest, CheckpointStore.StateFileName)));
            if (doc.RootElement.TryGetProperty("total_steps", out var total) && total.TryGetInt64(out long t) && t > 0)
            {
                notes.Add($"the run was limited by time; its schedule was sized to {t} steps (from {Path.GetFileName(latest)})");
                return t;
            }
        }

        throw new WrenException($"{run}: the run was limited by time (--time) and has no checkpoint recording its planned steps; pass --steps");
    }

    /// <summary>
    /// Keeps the run's global batch (B x accumulation sequences per step) when it splits evenly over the
    /// GPUs; explicit --micro-batch/--grad-accum win, and any change to tokens per step is noted.
    /// </summary>
    private static (int Micro, int Accumulation) SplitBatch(TrainingRunManifest manifest, int world, TorchrunHandoffOptions options, List<string> notes)
    {
        int b = manifest.BatchSize, g = manifest.Options.GradientAccumulation;
        long sequences = (long)b * g;
        int micro, accumulation;
        if (options.MicroBatch is not null || options.GradientAccumulation is not null)
        {
            micro = options.MicroBatch ?? b;
            accumulation = options.GradientAccumulation ?? 1;
            if (micro <= 0 || accumulation <= 0) throw new WrenException("--micro-batch and --grad-accum must be positive");
        }
        else if (sequences % world == 0)
        {
            long perRank = sequences / world;
            accumulation = (int)Math.Ceiling(perRank / (double)b);
            while (perRank % accumulation != 0) accumulation++;
            micro = (int)(perRank / accumulation);
        }
        else
        {
            micro = (int)Math.Max(1, sequences / world);
            accumulation = 1;
        }

        long gpuSequences = (long)micro * accumulation * world;
        if (gpuSequences != sequences)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"the global batch is {gpuSequences} sequences per step on {world} GPUs, the run's was {sequences}; consider scaling --lr in launch.sh"));
        }

        return (micro, accumulation);
    }

    private static string FindTokenizer(TrainingRunManifest manifest, string run)
    {
        if (manifest.TokenizerFolder is { } folder && File.Exists(Path.Combine(folder, HfTokenizerFiles.TokenizerJson))) return folder;
        try
        {
            var (model, _) = RunModelLocator.Resolve(run);
            if (File.Exists(Path.Combine(model, HfTokenizerFiles.TokenizerJson))) return model;
        }
        catch (WrenException)
        {
            // No model in the run yet: the error below names what is missing.
        }

        throw new WrenException($"{run}: no tokenizer.json: not in {manifest.TokenizerFolder ?? "run.json's tokenizer folder (none recorded)"} nor in the run's model; a handoff needs the tokenizer the shards were made with");
    }

    private static long WriteDataJson(string output, string data, IReadOnlyList<string> train, IReadOnlyList<string> val)
    {
        int? version = null;
        long trainTokens = 0;
        JsonArray List(IReadOnlyList<string> files, bool isTrain)
        {
            var list = new JsonArray();
            foreach (string file in files)
            {
                var header = TokenShardReader.ReadHeader(file);
                if (version is { } v && v != header.Version) throw new WrenException($"{file}: version {header.Version} differs from the other shards' {v} (uint16 and uint32 shards mixed)");
                version = header.Version;
                if (isTrain) trainTokens += header.TokenCount;
                list.Add((JsonNode)new JsonObject { ["file"] = Path.GetFileName(file), ["tokens"] = header.TokenCount });
            }

            return list;
        }

        var json = new JsonObject
        {
            ["format"] = "llm.c token shards: 256 x int32 header (magic 20240520, version, token count), then the tokens",
            ["folder"] = data,
            ["train"] = List(train, isTrain: true),
            ["val"] = List(val, isTrain: false),
        };
        json["token_bytes"] = version == 2 ? 4 : 2;
        AtomicFile.WriteAllText(Path.Combine(output, DataFileName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return trainTokens;
    }

    private static string LaunchScript(TrainingRunManifest manifest, string run, string data, TorchrunHandoffOptions options, int world,
        int micro, int accumulation, long steps, long warmup, bool init)
    {
        var o = manifest.Options;
        var c = CultureInfo.InvariantCulture;
        string Number(double value) => value.ToString("R", c);
        var args = new List<string>
        {
            "--config \"$HERE\"",
            "--data \"$DATA\"",
            "--out \"$OUT\"",
            $"--micro-batch {micro}",
            $"--seq-len {manifest.SequenceLength}",
            $"--grad-accum {accumulation}",
            $"--max-steps {steps}",
            $"--lr {Number(o.LearningRate)}",
            $"--min-lr-ratio {Number(o.MinLearningRateRatio)}",
            $"--warmup-steps {warmup}",
            $"--schedule {o.Schedule.ToString().ToLowerInvariant()}",
            $"--weight-decay {Number(o.Optimizer.WeightDecay)}",
            $"--beta1 {Number(o.Optimizer.Beta1)}",
            $"--beta2 {Number(o.Optimizer.Beta2)}",
            $"--eps {Number(o.Optimizer.Epsilon)}",
            $"--clip-norm {Number(o.ClipNorm)}",
            $"--eval-every {o.EvalEvery}",
            $"--eval-batches {o.EvalBatches}",
            $"--save-every {o.CheckpointEvery}",
            $"--seed {o.Seed}",
        };
        if (o.Optimizer.DecayAllParameters) args.Add("--decay-all-parameters");
        if (init) args.Add("--init-from \"$HERE/" + InitFolderName + "\"");

        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append("# Trains the Wren run ").Append(run).Append(" with PyTorch torchrun + transformers (written by `wren handoff torchrun`).\n");
        s.Append("#\n");
        s.Append("#   bash launch.sh                      train on ").Append(options.GpusPerNode).Append(" GPU(s) of this machine\n");
        s.Append("#   bash launch.sh --dry-run            check the data and print the plan (needs python3 only)\n");
        s.Append("#   bash launch.sh --resume             continue from the newest checkpoint in $OUT\n");
        s.Append("#   DATA=/mnt/tokens OUT=/mnt/ckpt bash launch.sh    when the shards or the output live elsewhere\n");
        s.Append("#   NNODES=2 NODE_RANK=0 MASTER_ADDR=node0 bash launch.sh    on each of several nodes\n");
        s.Append("#\n");
        s.Append("# Needs: python3 with torch (CUDA) and transformers (pip install torch transformers safetensors).\n");
        s.Append("# Other arguments go to train.py (python3 train.py --help). Bring the result back with\n");
        s.Append("#   wren import --checkpoint \"$OUT/final\" --out MODEL\n");
        s.Append("set -euo pipefail\n");
        s.Append("HERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
        s.Append("DATA=\"${DATA:-").Append(ShellDefault(data)).Append("}\"\n");
        s.Append("OUT=\"${OUT:-$HERE/checkpoints}\"\n");
        s.Append("NPROC=\"${NPROC:-").Append(options.GpusPerNode).Append("}\"\n");
        s.Append("NNODES=\"${NNODES:-").Append(options.Nodes).Append("}\"\n");
        s.Append("PYTHON=\"${PYTHON:-python3}\"\n");
        s.Append("# The run's recipe: tokens per step ").Append(manifest.TokensPerStep.ToString(c)).Append(" in wren, ")
            .Append(((long)micro * manifest.SequenceLength * accumulation * world).ToString(c)).Append(" here on ").Append(world).Append(" GPU(s).\n");
        s.Append("ARGS=(\n");
        foreach (string a in args) s.Append("  ").Append(a).Append('\n');
        s.Append(")\n");
        AppendLaunchTail(s, ScriptName);
        return s.ToString();
    }

    /// <summary>
    /// The end of a launch script: <c>--dry-run</c> runs the script with python3 alone; otherwise torchrun on NPROC GPUs
    /// of this machine, or on NNODES nodes when NODE_RANK and MASTER_ADDR are set on each.
    /// </summary>
    internal static void AppendLaunchTail(StringBuilder s, string script)
    {
        s.Append("for arg in \"$@\"; do\n");
        s.Append("  if [ \"$arg\" = \"--dry-run\" ]; then\n");
        s.Append("    exec \"$PYTHON\" \"$HERE/").Append(script).Append("\" \"${ARGS[@]}\" --world-size \"$((NPROC * NNODES))\" \"$@\"\n");
        s.Append("  fi\n");
        s.Append("done\n");
        s.Append("if [ \"$NNODES\" -gt 1 ]; then\n");
        s.Append("  exec torchrun --nnodes \"$NNODES\" --node_rank \"${NODE_RANK:?set NODE_RANK on each node}\" --master_addr \"${MASTER_ADDR:?set MASTER_ADDR to node 0}\" \\\n");
        s.Append("    --master_port \"${MASTER_PORT:-29500}\" --nproc_per_node \"$NPROC\" \"$HERE/").Append(script).Append("\" \"${ARGS[@]}\" \"$@\"\n");
        s.Append("fi\n");
        s.Append("exec torchrun --standalone --nproc_per_node \"$NPROC\" \"$HERE/").Append(script).Append("\" \"${ARGS[@]}\" \"$@\"\n");
    }

    /// <summary>rwxr-xr-x, so that <c>./launch.sh</c> runs as well as <c>bash launch.sh</c> (no-op on Windows).</summary>
    internal static void MakeExecutable(params string[] paths)
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (string path in paths) File.SetUnixFileMode(path, executable);
    }

    /// <summary>A path inside a double-quoted <c>${VAR:-default}</c>: escapes what bash expands there.</summary>
    internal static string ShellDefault(string path)
    {
        var s = new StringBuilder(path.Length);
        foreach (char ch in path)
        {
            if (ch is '\\' or '"' or '$' or '`' or '}') s.Append('\\');
            s.Append(ch);
        }

        return s.ToString();
    }
}
