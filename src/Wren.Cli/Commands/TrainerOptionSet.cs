using System.CommandLine;
using Wren.Training.Optimization;
using Wren.Training.Trainer;

namespace Wren.Cli.Commands;

/// <summary>
/// The options <c>wren train</c> and <c>wren finetune</c> share (budget, batch, schedule, evaluation, checkpoints, seed,
/// threads, samples), defined once with each verb's defaults (<see cref="TrainerOptionDefaults"/>), and read into
/// <see cref="TrainerOptions"/>.
/// </summary>
internal sealed class TrainerOptionSet
{
    public TrainerOptionSet(TrainerOptionDefaults defaults)
    {
        Steps = new("--steps") { Description = $"Optimizer steps (default: {defaults.StepsByDefault})" };
        Time = new("--time") { Description = "Train for this long, e.g. 90s, 10m, 2h (the schedule is sized from the speed of the first steps)" };
        Batch = new("--batch", "-b") { Description = $"{defaults.RowName} per micro-batch (B)", DefaultValueFactory = _ => defaults.Batch };
        Sequence = new("--seq", "-t") { Description = $"Tokens per {defaults.RowUnit} (T{defaults.SequenceNote})", DefaultValueFactory = _ => defaults.Sequence };
        LearningRate = new("--lr") { Description = $"Peak learning rate (default {defaults.LearningRateByDefault})" };
        GradientAccumulation = new("--grad-accum") { Description = "Micro-batches per optimizer step", DefaultValueFactory = _ => 1 };
        Warmup = new("--warmup") { Description = "Warmup steps (default 5% of the run)" };
        Schedule = new("--schedule") { Description = "Learning-rate decay after warmup: Cosine, Wsd (warmup-stable-decay) or Constant", DefaultValueFactory = _ => ScheduleKind.Cosine };
        WeightDecay = new("--weight-decay") { Description = "AdamW decoupled weight decay (not applied to norms and biases)", DefaultValueFactory = _ => defaults.WeightDecay };
        EvalEvery = new("--eval-every") { Description = "Validation loss every N steps" + defaults.ValidationNote, DefaultValueFactory = _ => defaults.EvalEvery };
        CheckpointEvery = new("--checkpoint-every") { Description = "Checkpoint every N steps", DefaultValueFactory = _ => defaults.CheckpointEvery };
        Resume = new("--resume") { Description = "Continue exactly from the newest checkpoint in --out" };
        Seed = new("--seed") { Description = $"Seed of {defaults.SeededWhat} and data order (same seed, same machine: bit-identical run)", DefaultValueFactory = _ => 1337UL };
        Threads = new("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        SampleEvery = new("--sample-every") { Description = $"{defaults.SampleWhat} every N steps (and at the end) with the current weights, printed and appended to RUN/samples.jsonl; 0 = never", DefaultValueFactory = _ => 0 };
    }

    public Option<long?> Steps { get; }
    public Option<string?> Time { get; }
    public Option<int> Batch { get; }
    public Option<int> Sequence { get; }
    public Option<double?> LearningRate { get; }
    public Option<int> GradientAccumulation { get; }
    public Option<long?> Warmup { get; }
    public Option<ScheduleKind> Schedule { get; }
    public Option<double> WeightDecay { get; }
    public Option<int> EvalEvery { get; }
    public Option<int> CheckpointEvery { get; }
    public Option<bool> Resume { get; }
    public Option<ulong> Seed { get; }
    public Option<int> Threads { get; }
    public Option<int> SampleEvery { get; }

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Steps, Time, Batch, Sequence, LearningRate, GradientAccumulation, Warmup, Schedule, WeightDecay, EvalEvery, CheckpointEvery, Resume, Seed, Threads, SampleEvery })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The --time budget, or null.</summary>
    public TimeSpan? TimeLimit(ParseResult parse) => parse.GetValue(Time) is { } text ? TrainingDuration.Parse(text) : null;

    /// <summary>The trainer's options for a run in <paramref name="runFolder"/>; a verb's own options are added with <c>with</c>.</summary>
    public TrainerOptions Read(ParseResult parse, string runFolder, double defaultLearningRate)
    {
        TimeSpan? limit = TimeLimit(parse);
        return new TrainerOptions
        {
            OutputFolder = runFolder,
            Steps = TrainerOptions.StepsFor(parse.GetValue(Steps), limit),
            TimeLimit = limit,
            LearningRate = parse.GetValue(LearningRate) ?? defaultLearningRate,
            GradientAccumulation = Math.Max(1, parse.GetValue(GradientAccumulation)),
            WarmupSteps = parse.GetValue(Warmup),
            Schedule = parse.GetValue(Schedule),
            Optimizer = new AdamWOptions { WeightDecay = parse.GetValue(WeightDecay) },
            EvalEvery = parse.GetValue(EvalEvery),
            CheckpointEvery = parse.GetValue(CheckpointEvery),
            Resume = parse.GetValue(Resume),
            Seed = parse.GetValue(Seed),
        };
    }

    public int ThreadCount(ParseResult parse) => Math.Max(1, parse.GetValue(Threads));
}
