using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Generation;
using Wren.Runtime.Threading;
using Wren.Runtime.Tokenization;
using Wren.Templates;
using Wren.Training.Checkpoints;
using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Training.FineTuning;

/// <summary>
/// Supervised fine-tuning of a Hugging Face base model on chat JSONL, LoRA (default) or full: the conversations are
/// rendered with the model's OWN chat template (<see cref="ChatTemplateRenderer"/>), tokenized with its tokenizer,
/// packed into rows with loss on assistant tokens only, and trained with <see cref="TrainingLoop"/>
/// (metrics.jsonl, checkpoints, resume). The result, RUN/model, is a PEFT adapter folder or a full model folder.
/// The constructor loads and prepares everything (so a caller can show what will be trained); <see cref="Run"/> trains.
/// </summary>
/// <example>
/// <code>
/// using var tuner = new FineTuner(new FineTuneOptions { BaseModel = "models/base", DataPath = "chat.jsonl", Trainer = new() { OutputFolder = "runs/ft", LearningRate = 2e-4 }, Epochs = 3 });
/// var summary = tuner.Run();
/// PeftAdapter.Merge("models/base", summary.Training.ModelFolder, "models/tuned");
/// </code>
/// </example>
public sealed class FineTuner : IDisposable
{
    private readonly WorkerPool _pool;
    private readonly PackedSftBatchSource _source;

    public FineTuner(FineTuneOptions options, IProgressSink? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= NullProgressSink.Instance;
        string baseFolder = Path.GetFullPath(options.BaseModel);
        if (!Directory.Exists(baseFolder)) throw new WrenException($"--base '{options.BaseModel}': no such model folder");
        if (!File.Exists(options.DataPath)) throw new WrenException($"--data '{options.DataPath}': no such file");
        if (options.Batch <= 0 || options.SequenceLength <= 0) throw new WrenException("batch and sequence length must be positive");
        if (options.Epochs is { } e && !(e > 0)) throw new WrenException($"epochs must be positive, got {e}");
        BaseFolder = baseFolder;

        var config = LlamaConfigJson.Load(baseFolder);
        Tokenizer = BpeTokenizer.Load(baseFolder);
        Renderer = LoadRenderer(baseFolder, Tokenizer);
        var tokenizer = new BpeTextTokenizer(Tokenizer);
        int time = Math.Min(options.SequenceLength, config.MaxPositionEmbeddings);

        var read = ChatJsonlReader.Read(options.DataPath);
        var errors = new List<string>(read.Errors);
        var examples = new List<SftExample>(read.Conversations.Count);
        long tokens = 0, trainable = 0;
        int truncated = 0;
        using (var task = progress.Begin("render + tokenize", read.Conversations.Count, "conversations"))
        {
            for (int i = 0; i < read.Conversations.Count; i++)
            {
                try
                {
                    var example = SftExample.Build(read.Conversations[i], Renderer, tokenizer);
                    if (example.TrainableCount == 0) throw new WrenException("no assistant tokens after rendering");
                    if (example.Tokens.Length > time + 1) truncated++;
                    examples.Add(example);
                    tokens += example.Tokens.Length;
                    trainable += example.TrainableCount;
                }
                catch (WrenException ex)
                {
                    errors.Add($"{options.DataPath}:{read.LineNumbers[i]}: {ex.Message}");
                }

                task.Increment(1);
            }
        }

        if (examples.Count == 0) throw new WrenException($"{options.DataPath}: no usable conversations ({errors.Count} lines skipped{(errors.Count > 0 ? "; first: " + errors[0] : "")})");
        _source = new PackedSftBatchSource(examples, time, PadId(baseFolder, config, Tokenizer), options.Trainer.Seed, options.ValidationFraction);
        Data = new FineTuneData(examples, errors, tokens, trainable, truncated, _source.TrainingRows, _source.ValidationRows);

        long steps = options.Epochs is { } epochs
            ? Math.Max(1, (long)Math.Ceiling(epochs * _source.TrainingRows / (options.Batch * (double)options.Trainer.GradientAccumulation)))
            : options.Trainer.Steps;
        Options = options with { Trainer = options.Trainer with { Steps = steps } };

        _pool = new WorkerPool(Math.Max(1, options.Threads));
        try
        {
            Model = new LlamaTrainingModel(config, options.Batch, time, _pool, options.Lora);
            using (var checkpoint = SafetensorsCheckpoint.Open(baseFolder)) Model.LoadFrom(checkpoint);
            Model.InitializeAdapters(options.Trainer.Seed);
            if (options.SampleEvery > 0) Sampler = CreateSampler(options, read.Conversations);
        }
        catch
        {
            _pool.Dispose();
            throw;
        }
    }

    /// <summary>The options in effect (steps resolved from epochs).</summary>
    public FineTuneOptions Options { get; }

    public string BaseFolder { get; }

    public BpeTokenizer Tokenizer { get; }

    public IChatRenderer Renderer { get; }

    public FineTuneData Data { get; }

    public LlamaTrainingModel Model { get; }

    /// <summary>Makes the sample generations, or null when <see cref="FineTuneOptions.SampleEvery"/> is 0.</summary>
    public TrainingSampler? Sampler { get; }

    /// <summary>Loads, prepares and trains in one call; the entry point for pipelines such as <c>wren build</c>.</summary>
    public static FineTuneSummary Run(FineTuneOptions options, Action<StepReport>? stepCompleted = null, Action<TrainingSample>? sampled = null, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        using var tuner = new FineTuner(options, progress);
        return tuner.Run(stepCompleted, sampled, cancellationToken);
    }

    /// <summary>Trains; the adapters (or full weights) end up in RUN/model.</summary>
    public FineTuneSummary Run(Action<StepReport>? stepCompleted = null, Action<TrainingSample>? sampled = null, CancellationToken cancellationToken = default)
    {
        var trainer = Options.Trainer;
        var store = new CheckpointStore(trainer.OutputFolder, trainer.KeepLastCheckpoints, tokenizerFolder: BaseFolder, baseModelPath: BaseFolder);
        var samples = new List<TrainingSample>();
        var loop = new TrainingLoop(Model, _source, trainer, store, peakFlops: 0)
        {
            StepCompleted = report =>
            {
                stepCompleted?.Invoke(report);
                if (Sampler is not null && TrainingSampler.IsDue(report, Options.SampleEvery))
                {
                    var sample = Sampler.Sample(report.Step, cancellationToken);
                    samples.Add(sample);
                    sampled?.Invoke(sample);
                }
            },
        };
        var summary = loop.Run(cancellationToken);
        return new FineTuneSummary(summary, Data, Model.LoraSettings is not null, samples);
    }

    public void Dispose() => _pool.Dispose();

    /// <summary>The model's chat template; a model without one that has ChatML's tokens gets ChatML.</summary>
    internal static IChatRenderer LoadRenderer(string folder, BpeTokenizer tokenizer)
    {
        try
        {
            return new ChatTemplateRenderer(ChatTemplate.FromModelDirectory(folder));
        }
        catch (WrenException) when (tokenizer.TokenToId("<|im_start|>") is not null && tokenizer.TokenToId("<|im_end|>") is not null && !HasTemplateFile(folder))
        {
            return new ChatMlRenderer();
        }
    }

    private static bool HasTemplateFile(string folder) =>
        File.Exists(Path.Combine(folder, "chat_template.jinja")) || File.Exists(Path.Combine(folder, "chat_template.json"));

    /// <summary>tokenizer_config.json's pad_token, else the first EOS id, else 0 (padding is never scored, so any id works).</summary>
    private static int PadId(string folder, LlamaConfig config, BpeTokenizer tokenizer)
    {
        string path = Path.Combine(folder, "tokenizer_config.json");
        if (File.Exists(path))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                if (doc.RootElement.TryGetProperty("pad_token", out var pad))
                {
                    string? content = pad.ValueKind == JsonValueKind.String ? pad.GetString()
                        : pad.ValueKind == JsonValueKind.Object && pad.TryGetProperty("content", out var c) ? c.GetString() : null;
                    if (content is not null && tokenizer.TokenToId(content) is { } id && id < config.VocabSize) return id;
                }
            }
            catch (JsonException)
            {
                // The chat template loader reports a broken tokenizer_config.json; padding has a fallback.
            }
        }

        return config.EosTokenIds.Count > 0 ? config.EosTokenIds[0] : 0;
    }

    private TrainingSampler CreateSampler(FineTuneOptions options, IReadOnlyList<IReadOnlyList<ChatMessage>> conversations)
    {
        string prompt = options.SamplePrompt ?? FirstUserMessage(conversations) ?? "Hello";
        string promptText = Renderer is ChatTemplateRenderer template
            ? template.Template.Render([new TemplateMessage("user", prompt)], addGenerationPrompt: true)
            : $"<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n";
        var stops = new HashSet<int>(Model.Config.EosTokenIds);
        // The end-of-turn marker: the last trainable token of a probe conversation, when it is a special token.
        var probe = SftExample.Build([new ChatMessage("user", "a"), new ChatMessage("assistant", "b")], Renderer, new BpeTextTokenizer(Tokenizer));
        for (int i = probe.Tokens.Length - 1; i >= 0; i--)
        {
            if (!probe.Trainable[i]) continue;
            if (Tokenizer.IsSpecial(probe.Tokens[i])) stops.Add(probe.Tokens[i]);
            break;
        }

        return new TrainingSampler(Model, Tokenizer, prompt, Tokenizer.Encode(promptText, addSpecialTokens: false), options.Trainer.OutputFolder)
        {
            MaxTokens = options.SampleTokens,
            StopTokenIds = stops,
        };
    }

    private static string? FirstUserMessage(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations)
    {
        foreach (var c in conversations)
            foreach (var m in c)
                if (m.Role == "user") return m.Content;
        return null;
    }
}
