using System.Globalization;
using System.Text;
using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Tokenization;
using Wren.Training.FineTuning;
using Wren.Training.Lora;

namespace Wren.Training.Handoff;

/// <summary>
/// Hands a fine-tune to PyTorch on rented GPUs: renders each conversation with the base model's own chat template and
/// tokenizes it here, exactly as <c>wren finetune</c> does (<see cref="SftExample"/>: the assistant's turns are trained,
/// the rest masked), and writes <c>data/{train,val}.jsonl</c> of <c>input_ids</c>/<c>labels</c> (-100 where masked),
/// <c>finetune.py</c> (transformers' Trainer + PEFT: LoRA, QLoRA or full) and <c>launch.sh</c> (torchrun on one or
/// several GPUs, nodes). The adapter it saves comes back with <c>wren import --adapter</c>.
/// </summary>
public static class FineTuneHandoff
{
    public const string DefaultFolderName = "handoff-finetune";
    public const string ScriptName = "finetune.py";
    public const string DataFolderName = "data";

    public static string Script() => TorchrunHandoff.EmbeddedScript(ScriptName);

    public static FineTuneHandoffResult Write(FineTuneHandoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string baseFolder = Path.GetFullPath(options.BaseModel);
        if (!Directory.Exists(baseFolder)) throw new WrenException($"--base '{options.BaseModel}': no such model folder");
        if (!File.Exists(options.TrainData)) throw new WrenException($"--data '{options.TrainData}': no such file");
        if (options.ValidationData is { } v && !File.Exists(v)) throw new WrenException($"--val '{v}': no such file");
        if (options.GpusPerNode <= 0 || options.Nodes <= 0) throw new WrenException($"--gpus and --nodes must be positive, got {options.GpusPerNode} and {options.Nodes}");
        if (options.SequenceLength <= 0 || options.MicroBatch <= 0 || options.GradientAccumulation <= 0)
            throw new WrenException("--seq-len, --micro-batch and --grad-accum must be positive");
        if (!(options.Epochs > 0)) throw new WrenException($"--epochs must be positive, got {options.Epochs}");
        if (options.Method != FineTuneMethod.Full) options.Lora.Validate();

        var tokenizer = BpeTokenizer.Load(baseFolder);
        var renderer = FineTuner.LoadRenderer(baseFolder, tokenizer);
        var text = new BpeTextTokenizer(tokenizer);
        string output = Path.GetFullPath(options.OutputFolder);
        string data = Path.Combine(output, DataFolderName);
        Directory.CreateDirectory(data);
        var errors = new List<string>();
        var train = Tokenize(options.TrainData, renderer, text, options.SequenceLength, errors);
        if (train.Examples == 0) throw new WrenException($"{options.TrainData}: no usable conversations ({errors.Count} skipped{(errors.Count > 0 ? "; first: " + errors[0] : "")})");
        var files = new List<string>();
        Write(Path.Combine(data, "train.jsonl"), train.Lines);
        files.Add(DataFolderName + "/train.jsonl");
        int validation = 0;
        if (options.ValidationData is { } val)
        {
            var tokenized = Tokenize(val, renderer, text, options.SequenceLength, errors);
            Write(Path.Combine(data, "val.jsonl"), tokenized.Lines);
            files.Add(DataFolderName + "/val.jsonl");
            validation = tokenized.Examples;
        }

        int world = checked(options.GpusPerNode * options.Nodes);
        long steps = Math.Max(1, (long)Math.Ceiling(train.Examples * options.Epochs / ((double)options.MicroBatch * options.GradientAccumulation * world)));
        double lr = options.LearningRate ?? LoraSettings.DefaultLearningRate(lora: options.Method != FineTuneMethod.Full);
        AtomicFile.WriteAllText(Path.Combine(output, ScriptName), Script());
        files.Add(ScriptName);
        string launch = Path.Combine(output, TorchrunHandoff.LaunchName);
        AtomicFile.WriteAllText(launch, LaunchScript(options, baseFolder, lr, train));
        files.Add(TorchrunHandoff.LaunchName);
        TorchrunHandoff.MakeExecutable(launch, Path.Combine(output, ScriptName));

        files.Sort(StringComparer.Ordinal);
        return new FineTuneHandoffResult
        {
            OutputFolder = output,
            Files = files,
            TrainExamples = train.Examples,
            ValidationExamples = validation,
            TrainTokens = train.CutTokens,
            TrainedTokens = train.Trained,
            Truncated = train.Truncated,
            WorldSize = world,
            Steps = steps,
            LearningRate = lr,
            Errors = errors,
        };
    }

    /// <summary>
    /// The conversations of a chat JSONL as the GPU run will see them: how many, their tokens (each cut to
    /// <paramref name="sequenceLength"/>) and the trained tokens among them, rendered and tokenized with the base model's
    /// template and tokenizer. What <c>wren plan finetune</c> prices.
    /// </summary>
    public static (int Examples, long Tokens, long TrainedTokens) Count(string baseModel, string chatJsonl, int sequenceLength)
    {
        string baseFolder = Path.GetFullPath(baseModel);
        if (!Directory.Exists(baseFolder)) throw new WrenException($"--base '{baseModel}': no such model folder");
        if (!File.Exists(chatJsonl)) throw new WrenException($"--data '{chatJsonl}': no such file");
        var tokenizer = BpeTokenizer.Load(baseFolder);
        var tokenized = Tokenize(chatJsonl, FineTuner.LoadRenderer(baseFolder, tokenizer), new BpeTextTokenizer(tokenizer), sequenceLength, []);
        return (tokenized.Examples, tokenized.CutTokens, tokenized.Trained);
    }

    private sealed record Tokenized(List<string> Lines, int Examples, long Tokens, long Trained, int Truncated, long CutTokens);

    private static Tokenized Tokenize(string path, IChatRenderer renderer, ITextTokenizer tokenizer, int sequenceLength, List<string> errors)
    {
        var read = ChatJsonlReader.Read(path);
        errors.AddRange(read.Errors);
        var lines = new List<string>(read.Conversations.Count);
        long tokens = 0, trained = 0, cut = 0;
        int truncated = 0;
        for (int i = 0; i < read.Conversations.Count; i++)
        {
            SftExample example;
            try
            {
                example = SftExample.Build(read.Conversations[i], renderer, tokenizer);
            }
            catch (WrenException e)
            {
                errors.Add($"{path}:{read.LineNumbers[i]}: {e.Message}");
                continue;
            }

            if (example.TrainableCount == 0)
            {
                errors.Add($"{path}:{read.LineNumbers[i]}: no assistant tokens after rendering");
                continue;
            }

            // finetune.py cuts each conversation to the sequence length and skips one left with no trained token; so does the count here.
            int kept = Math.Min(example.Tokens.Length, sequenceLength);
            int keptTrained = example.Trainable.AsSpan(0, kept).Count(true);
            if (keptTrained == 0)
            {
                errors.Add($"{path}:{read.LineNumbers[i]}: no assistant token within the first {sequenceLength} tokens (--seq-len)");
                continue;
            }

            if (example.Tokens.Length > sequenceLength) truncated++;
            tokens += example.Tokens.Length;
            cut += kept;
            trained += keptTrained;
            var line = new StringBuilder(example.Tokens.Length * 12);
            line.Append("{\"input_ids\":[");
            for (int t = 0; t < example.Tokens.Length; t++) line.Append(t > 0 ? "," : "").Append(example.Tokens[t].ToString(CultureInfo.InvariantCulture));
            // transformers shifts labels inside the model: labels[t] = input_ids[t] where the token is trained, -100 elsewhere.
            line.Append("],\"labels\":[");
            for (int t = 0; t < example.Tokens.Length; t++) line.Append(t > 0 ? "," : "").Append(example.Trainable[t] ? example.Tokens[t].ToString(CultureInfo.InvariantCulture) : "-100");
            line.Append("]}");
            lines.Add(line.ToString());
        }

        return new Tokenized(lines, lines.Count, tokens, trained, truncated, cut);
    }

    private static void Write(string path, List<string> lines) => AtomicFile.WriteAllText(path, lines.Count == 0 ? "" : string.Join('\n', lines) + "\n");

    private static string LaunchScript(FineTuneHandoffOptions options, string baseFolder, double lr, Tokenized train)
    {
        var c = CultureInfo.InvariantCulture;
        string Number(double value) => value.ToString("R", c);
        var args = new List<string>
        {
            "--base \"$BASE\"",
            "--data \"$HERE/" + DataFolderName + "\"",
            "--out \"$OUT\"",
            "--method " + options.Method.ToString().ToLowerInvariant(),
            $"--seq-len {options.SequenceLength}",
            $"--micro-batch {options.MicroBatch}",
            $"--grad-accum {options.GradientAccumulation}",
            $"--epochs {Number(options.Epochs)}",
            $"--lr {Number(lr)}",
            $"--seed {options.Seed}",
        };
        if (options.Method != FineTuneMethod.Full)
        {
            args.Add($"--lora-r {options.Lora.Rank}");
            args.Add($"--lora-alpha {Number(options.Lora.Alpha)}");
            args.Add("--target-modules " + string.Join(',', options.Lora.Targets));
        }

        string method = options.Method switch
        {
            FineTuneMethod.QLora => "QLoRA (4-bit NF4 base, bitsandbytes) + PEFT",
            FineTuneMethod.Full => "a full fine-tune",
            _ => "LoRA (PEFT) on the bf16 base",
        };
        var s = new StringBuilder();
        s.Append("#!/usr/bin/env bash\n");
        s.Append("# Fine-tunes ").Append(baseFolder).Append(" with ").Append(method).Append(" under torchrun (written by `wren handoff finetune`).\n");
        s.Append("# ").Append(train.Examples.ToString(c)).Append(" training conversations, ").Append(train.Tokens.ToString(c)).Append(" tokens, ")
            .Append(train.Trained.ToString(c)).Append(" of them trained (the assistant's turns; the chat template was applied by Wren).\n");
        s.Append("#\n");
        s.Append("#   bash launch.sh                          train on ").Append(options.GpusPerNode).Append(" GPU(s) of this machine\n");
        s.Append("#   bash launch.sh --dry-run                check the data and print the plan (needs python3 only)\n");
        s.Append("#   bash launch.sh --resume                 continue from the newest checkpoint in $OUT\n");
        s.Append("#   BASE=Qwen/Qwen2.5-0.5B bash launch.sh   load the base from the hub (the same model the tokens were made with)\n");
        s.Append("#   NNODES=2 NODE_RANK=0 MASTER_ADDR=node0 bash launch.sh    on each of several nodes\n");
        s.Append("#\n");
        s.Append("# Needs: pip install torch transformers peft safetensors").Append(options.Method == FineTuneMethod.QLora ? " bitsandbytes" : "").Append('\n');
        s.Append("# Other arguments go to finetune.py (python3 finetune.py --help). Bring the result back with\n");
        s.Append(options.Method == FineTuneMethod.Full
            ? "#   wren import --checkpoint \"$OUT/final\" --out MODEL\n"
            : "#   wren import --adapter \"$OUT/final\" --base " + baseFolder + " --out MODEL\n");
        s.Append("set -euo pipefail\n");
        s.Append("HERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
        s.Append("BASE=\"${BASE:-").Append(TorchrunHandoff.ShellDefault(options.BaseModelOnGpu ?? baseFolder)).Append("}\"\n");
        s.Append("OUT=\"${OUT:-$HERE/checkpoints}\"\n");
        s.Append("NPROC=\"${NPROC:-").Append(options.GpusPerNode).Append("}\"\n");
        s.Append("NNODES=\"${NNODES:-").Append(options.Nodes).Append("}\"\n");
        s.Append("PYTHON=\"${PYTHON:-python3}\"\n");
        s.Append("ARGS=(\n");
        foreach (string a in args) s.Append("  ").Append(a).Append('\n');
        s.Append(")\n");
        TorchrunHandoff.AppendLaunchTail(s, ScriptName);
        return s.ToString();
    }
}
