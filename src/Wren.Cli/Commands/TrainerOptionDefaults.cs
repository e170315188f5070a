namespace Wren.Cli.Commands;

/// <summary>Where <c>wren train</c> and <c>wren finetune</c> differ in the options of <see cref="TrainerOptionSet"/>: defaults and wording.</summary>
internal sealed record TrainerOptionDefaults
{
    public required string StepsByDefault { get; init; }
    public required string RowName { get; init; }
    public required string RowUnit { get; init; }
    public string SequenceNote { get; init; } = "";
    public required int Batch { get; init; }
    public required int Sequence { get; init; }
    public required string LearningRateByDefault { get; init; }
    public required double WeightDecay { get; init; }
    public required int EvalEvery { get; init; }
    public string ValidationNote { get; init; } = "";
    public required int CheckpointEvery { get; init; }
    public required string SeededWhat { get; init; }
    public required string SampleWhat { get; init; }
}
