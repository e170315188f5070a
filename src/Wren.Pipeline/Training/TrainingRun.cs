using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Threading;
using Wren.Runtime.Tokenization;
using Wren.Training.Checkpoints;
using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Training;

/// <summary>
/// One pretraining run from token shards, shared by <c>wren train</c> and <c>wren build</c>: opens the
/// shards, sizes the vocabulary from the tokenizer, resolves the model preset, initialises the model,
/// runs the <see cref="TrainingLoop"/> and renders loss.png. Console output stays with the callers.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly WorkerPool _pool;
    private readonly TrainerOptions _trainer;
    private readonly CheckpointStore _store;
    private readonly int _sampleEvery;

    private TrainingRun(TrainingRunOptions options)
    {
        if (options.Batch <= 0 || options.Sequence <= 0) throw new WrenException("--batch and --seq must be positive");
        _trainer = options.Trainer;
        int B = options.Batch, T = options.Sequence;
        // Validation needs at least one [B, T] batch; a tiny val split falls back to a 10% hold-out.
        Sampler = TokenWindowSampler.Open(options.DataFolder, _trainer.Seed, minValidationTokens: (long)B * T + 1);
        TokenizerJson = FindTokenizer(options.DataFolder, options.Tokenizer);
        int vocabulary = Sampler.VocabularyLowerBound;
        if (TokenizerJson is not null) vocabulary = Math.Max(vocabulary, ModelPresets.TokenizerVocabularySize(TokenizerJson));
        var config = ModelPresets.Resolve(options.ModelConfig, vocabulary, Math.Max(T, 1024));
        if (TokenizerJson is not null && config.EosTokenIds.Count == 0 && ModelPresets.SpecialTokenId(TokenizerJson, "<|endoftext|>") is { } eos)
            config = config with { EosTokenIds = [eos], BosTokenId = eos };
        Config = config;

        // run.json records the recipe so it can be redone elsewhere (wren handoff torchrun).
        new TrainingRunManifest
        {
            DataFolder = Path.GetFullPath(options.DataFolder),
            TokenizerFolder = TokenizerJson is null ? null : Path.GetDirectoryName(Path.GetFullPath(TokenizerJson)),
            ModelConfig = config,
            BatchSize = B,
            SequenceLength = T,
            Options = _trainer,
        }.Save(_trainer.OutputFolder);

        _pool = new WorkerPool(Math.Max(1, options.Threads));
        Model = new LlamaTrainingModel(config, B, T, _pool, compute: _trainer.Compute);
        Model.InitializeRandom(_trainer.Seed);
        PeakFlops = MatmulPeak.Measure(_pool);
        if (options.SampleEvery > 0)
        {
            if (TokenizerJson is null) throw new WrenException("--sample-every needs a tokenizer.json (pass --tokenizer)");
            var tokenizer = BpeTokenizer.Load(TokenizerJson);
            Samples = new TrainingSampler(Model, tokenizer, options.SamplePrompt, tokenizer.Encode(options.SamplePrompt, addSpecialTokens: false), _trainer.OutputFolder)
            {
                MaxTokens = Math.Max(1, options.SampleTokens),
                StopTokenIds = config.EosTokenIds.ToArray(),
            };
        }
        _sampleEvery = options.SampleEvery;
        _store = new CheckpointStore(_trainer.OutputFolder, _trainer.KeepLastCheckpoints, TokenizerJson is null ? null : Path.GetDirectoryName(Path.GetFullPath(TokenizerJson)));
    }

    public LlamaConfig Config { get; }

    public LlamaTrainingModel Model { get; }

    public TokenWindowSampler Sampler { get; }

    /// <summary>Makes the sample generations, or null when <see cref="TrainingRunOptions.SampleEvery"/> is 0.</summary>
    public TrainingSampler? Samples { get; }

    /// <summary>The tokenizer copied into checkpoints, or null when none was found.</summary>
    public string? TokenizerJson { get; }

    /// <summary>Float32 matmul rate of this machine (the MFU denominator).</summary>
    public double PeakFlops { get; }

    public TrainerOptions Trainer => _trainer;

    /// <summary>Tokens per optimizer step: B x T x gradient accumulation.</summary>
    public long TokensPerStep => (long)Model.Batch * Model.Time * _trainer.GradientAccumulation;

    /// <summary>Memory the run holds: parameters, gradients and AdamW's two moments (16 bytes per parameter) and the activations.</summary>
    public long MemoryBytes => Model.Parameters.Count * 16L + Model.ActivationFloats * 4L;

    public WorkerPool Pool => _pool;

    /// <summary>The loss curve a run folder holds (train and validation loss by step).</summary>
    public const string PlotFileName = "loss.png";

    public string PlotPath => Path.Combine(_trainer.OutputFolder, PlotFileName);

    public string MetricsPath => Path.Combine(_trainer.OutputFolder, TrainingLoop.MetricsFileName);

    public static TrainingRun Open(TrainingRunOptions options) => new(options);

    /// <summary>
    /// Trains to the end of the budget; <paramref name="stepCompleted"/> sees every step, <paramref name="warning"/> non-fatal
    /// problems (a plot that could not be drawn), <paramref name="sampled"/> each sample generation.
    /// </summary>
    public TrainingSummary Run(Action<StepReport>? stepCompleted, Action<string>? warning, CancellationToken cancellationToken, Action<TrainingSample>? sampled = null)
    {
        var loop = new TrainingLoop(Model, Sampler, _trainer, _store, PeakFlops)
        {
            StepCompleted = report =>
            {
                stepCompleted?.Invoke(report);
                if (Samples is not null && TrainingSampler.IsDue(report, _sampleEvery)) sampled?.Invoke(Samples.Sample(report.Step, cancellationToken));
                if (report.ValidationLoss is not null) TryPlot(warning);
            },
        };
        var summary = loop.Run(cancellationToken);
        TryPlot(warning);
        return summary;
    }

    public void Dispose() => _pool.Dispose();

    public static string? FindTokenizer(string dataFolder, string? explicitPath)
    {
        if (explicitPath is not null)
        {
            string file = Directory.Exists(explicitPath) ? Path.Combine(explicitPath, "tokenizer.json") : explicitPath;
            return File.Exists(file) ? file : throw new WrenException($"--tokenizer '{explicitPath}': no tokenizer.json there");
        }

        foreach (var folder in new[] { dataFolder, Path.GetDirectoryName(Path.GetFullPath(dataFolder)) })
        {
            if (folder is null) continue;
            string file = Path.Combine(folder, "tokenizer.json");
            if (File.Exists(file)) return file;
        }

        return null;
    }

    private void TryPlot(Action<string>? warning) => TryPlot(MetricsPath, PlotPath, warning);

    public static void TryPlot(string metrics, string png, Action<string>? warning)
    {
        try
        {
            LossPlot.Render(metrics, png);
        }
        catch (Exception e) when (e is IOException or TypeInitializationException or DllNotFoundException)
        {
            warning?.Invoke($"could not render {png}: {e.Message}");
        }
    }
}
