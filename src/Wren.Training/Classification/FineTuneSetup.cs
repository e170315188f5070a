using Wren.Runtime.Classification;
using Wren.Runtime.Tokenization;
using Wren.Training.Model;

namespace Wren.Training.Classification;

/// <summary>
/// What every fine-tune of one training run shares: the host model whose weights it moves, the prompt and label
/// tokens, the clock and budget, where figures and progress go. A cross-fitted run fine-tunes once per fold with it.
/// </summary>
internal sealed record FineTuneSetup(LlamaTrainingModel Host, int[][] Continuations, ClassifierPrompt Prompt, BpeTokenizer Tokenizer,
    ClassifierManifest Manifest, int Time, ClassifierTrainerOptions Options, TrainingClock Clock, double Budget, StreamWriter Metrics,
    SortedDictionary<string, double> Figures, Action<ClassifierTrainingEvent>? Progress, CancellationToken CancellationToken)
{
    /// <summary>Seed of the batch sampler (one per fold, so the folds do not draw their batches in step).</summary>
    public ulong Seed { get; init; } = Options.Seed;

    private int Pad => Host.Config.EosTokenIds.Count > 0 ? Host.Config.EosTokenIds[0] : 0;

    /// <summary>A sampler over <paramref name="examples"/>, rare labels drawn more often.</summary>
    public LabelBatchSampler Sampler(IReadOnlyList<EncodedExample> examples)
    {
        int suffix = Prompt.Suffix.Length > 0 ? Tokenizer.Encode(Prompt.Suffix, addSpecialTokens: false).Length : 0;
        return new LabelBatchSampler(examples, Continuations, Pad, Options.BalancePower, Seed + 2, LabelBatchSampler.BucketLengths(Time))
        {
            InputDropout = Options.InputDropout,
            TemplateHead = Prompt.Encode(Tokenizer, "").Length - suffix,
            TemplateTail = suffix,
        };
    }

    /// <summary>One training model per length bucket of <paramref name="sampler"/>, all sharing the host's weights.</summary>
    public IReadOnlyList<LlamaTrainingModel> Models(LabelBatchSampler sampler)
    {
        int batch = Math.Max(1, Options.Batch), labelTokens = Continuations.Max(c => c.Length);
        var models = sampler.Buckets.Select(t => new LlamaTrainingModel(Host, batch, t, scoredRows: batch * labelTokens)).ToList();
        // One token per label: the loss is the cross-entropy over the labels alone (see LlamaTrainingModel.ScoredTokens).
        if (labelTokens == 1)
            foreach (var m in models) m.ScoredTokens = Continuations.Select(c => c[0]).ToArray();
        return models;
    }

    /// <summary>A scorer of <paramref name="examples"/> with the host's current weights.</summary>
    public ValidationScorer Scorer(IReadOnlyList<EncodedExample> examples)
    {
        var sampler = Sampler(examples);
        return new ValidationScorer(Models(sampler), sampler, examples, Continuations, Tokenizer, Manifest, Options.Threads);
    }
}
