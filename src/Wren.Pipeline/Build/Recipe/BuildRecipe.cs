using Wren.Data.Curation.Recipe;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// Everything <c>wren build</c> does, as read from <c>wren.yaml</c>: one section per stage. A stage re-runs
/// when its section (or anything upstream of it) changes, so each section holds only what its stage reads.
/// </summary>
public sealed record BuildRecipe
{
    /// <summary>Files and folders to ingest; relative paths are resolved from the recipe's folder.</summary>
    public List<string> Sources { get; init; } = [];

    public IngestSection Ingest { get; init; } = new();

    /// <summary>The curation recipe, in <c>wren curate</c>'s format (<c>wren curate --init</c> documents every key).</summary>
    public CurationRecipe Curation { get; init; } = new();

    public TokenizerSection Tokenizer { get; init; } = new();

    public TokensSection Tokens { get; init; } = new();

    public ModelSection Model { get; init; } = new();

    public TrainingSection Training { get; init; } = new();

    /// <summary>Read only when <see cref="ModelSection.BaseModel"/> is set.</summary>
    public FinetuneSection Finetune { get; init; } = new();

    public EvalSection Eval { get; init; } = new();

    public ExportSection Export { get; init; } = new();

    public SampleSection Sample { get; init; } = new();

    public PlanSection Plan { get; init; } = new();

    /// <summary>Targeted tasks: each one's examples are built, a model is trained and measured beside its baselines.</summary>
    public List<TaskSection> Tasks { get; init; } = [];
}
