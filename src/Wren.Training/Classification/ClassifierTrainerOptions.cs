using Wren.Training.Lora;

namespace Wren.Training.Classification;

/// <summary>How <see cref="ClassifierTrainer"/> trains a task model. The defaults are the ones measured in bench/Wren.Bench.Tasks.</summary>
public sealed record ClassifierTrainerOptions
{
    /// <summary>The run folder: model/, task.json, metrics.jsonl.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The task's name (task.json).</summary>
    public string TaskName { get; init; } = "task";

    /// <summary>Where the examples came from, recorded in task.json.</summary>
    public string? DataOrigin { get; init; }

    /// <summary>A Hugging Face model folder to fine-tune; null trains a model from scratch.</summary>
    public string? BaseModel { get; init; }

    /// <summary>With a base model: LoRA adapters (merged into RUN/model at the end), or null for full fine-tuning.</summary>
    public LoraSettings? Lora { get; init; } = new() { Rank = 16, Alpha = 32, Targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] };

    /// <summary>The whole run's budget: tokenizer, pretraining and fine-tuning.</summary>
    public TimeSpan Time { get; init; } = TimeSpan.FromMinutes(5);

    public TrainingClockKind Clock { get; init; } = TrainingClockKind.Wall;

    /// <summary>Unlabelled text of the organization (curated documents), pretrained on with the training inputs.</summary>
    public IReadOnlyList<string> Corpus { get; init; } = [];

    /// <summary>
    /// Share of the budget left after the tokenizer that goes to next-token pretraining on the training inputs (whole
    /// messages, not cut to <see cref="MaxInputTokens"/>) and <see cref="Corpus"/> (scratch models only), at most
    /// <see cref="PretrainEpochs"/> passes over that text. Fine-tuning a 0.9M model on ~2,000 examples learns them by
    /// heart within a few epochs and stops early, well inside 5 minutes, so the rest of the budget is better spent
    /// learning the organization's language first (bench/README.md, "Targeted tasks": route 81.3 % with 0.4 against
    /// 77.4 % without, the same seed).
    /// </summary>
    public double PretrainShare { get; init; } = 0.4;

    /// <summary>Pretraining ends after this many passes over its text even with its share of the budget left.</summary>
    public double PretrainEpochs { get; init; } = 3;

    // The scratch model: a narrow, shallow Llama-architecture decoder (0.9M parameters), so that a 5-minute budget on
    // 2 cores buys several epochs over a few thousand examples and a 300-token e-mail classifies in a few milliseconds.
    public int VocabSize { get; init; } = 4096;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 2;
    public int Heads { get; init; } = 4;

    /// <summary>The MLP's width; null: 11/4 of <see cref="Hidden"/>, rounded up to a multiple of 32 (Llama's ratio).</summary>
    public int? Intermediate { get; init; }

    public int IntermediateSize => Intermediate ?? (Hidden * 11 / 4 + 31) / 32 * 32;

    /// <summary>
    /// Input tokens the model reads (the rest of a long input is cut, keeping its start and <see cref="TailTokens"/> of
    /// its end): the subject and the first lines carry most of what routes a message, and half the tokens is twice the
    /// steps in the same budget and half the latency.
    /// </summary>
    public int MaxInputTokens { get; init; } = 128;

    public int TailTokens { get; init; } = 16;

    public int PretrainBatch { get; init; } = 8;
    public int PretrainSequence { get; init; } = 256;
    public double PretrainLearningRate { get; init; } = 3e-3;

    public int Batch { get; init; } = 16;

    /// <summary>Peak learning rate of fine-tuning; null: 1.5e-3 from scratch, 2e-4 with LoRA, 2e-5 full.</summary>
    public double? LearningRate { get; init; }

    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Fine-tuning stops after this many epochs even with time left.</summary>
    public int MaxEpochs { get; init; } = 20;

    /// <summary>
    /// Also try the average of the weights at every validation check from the third epoch on, and keep it when its
    /// validation accuracy beats the best single checkpoint's.
    /// </summary>
    public bool AverageCheckpoints { get; init; } = true;

    /// <summary>
    /// Decay of the exponential moving average of the weights that validation, the kept checkpoints and the final model
    /// use (0: the raw weights). The average smooths the swings of a high learning rate (see <see cref="WeightMovingAverage"/>).
    /// </summary>
    public double MovingAverageDecay { get; init; } = 0.995;

    /// <summary>
    /// Probability that a fine-tuning row leaves out each input token (word dropout, see
    /// <see cref="LabelBatchSampler.InputDropout"/>). Off by default: 0.1 routed 74.8 % against 77.4 % without (bench/README.md).
    /// </summary>
    public double InputDropout { get; init; }

    /// <summary>
    /// Cross-fitted fine-tunes of a scratch model (0 or 1: one fine-tune, its checkpoint chosen on the validation split).
    /// With k folds the training and validation examples are pooled and cut into k folds stratified by label; after
    /// the shared pretraining one fine-tune per fold trains on the others and keeps the checkpoint its own fold scores
    /// best, and the model is the average of the k kept weights (one ordinary model, as fast as each). A validation
    /// split of a few hundred examples chose checkpoints on noise (bench/README.md, "Targeted tasks": 3 folds routed
    /// 78.6 % against 75.4 % on seed 1, the one seed measured so far, so it is not yet the default).
    /// </summary>
    public int CrossFitFolds { get; init; }

    /// <summary>With cross-fitting, also write each fold's kept weights to RUN/folds/N (an HF folder each), for the bench's soup-against-ensemble check.</summary>
    public bool KeepFoldModels { get; init; }

    /// <summary>Validation checks without a better accuracy before fine-tuning stops.</summary>
    public int Patience { get; init; } = 6;

    /// <summary>Validation checks per epoch (at least one every tenth of the fine-tuning budget).</summary>
    public int EvalsPerEpoch { get; init; } = 2;

    /// <summary>
    /// How strongly rare labels are sampled more often: each example is drawn with weight count(label)^-power, so 0 is
    /// the data's own mix, 1 is every label equally often and 0.5 (the default) halfway in log space.
    /// </summary>
    public double BalancePower { get; init; } = 0.5;

    public ulong Seed { get; init; } = 1337;

    public int Threads { get; init; } = Environment.ProcessorCount;
}
