using Wren.Data.Curation.Recipe;
using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// Everything <c>wren build</c> does, as read from <c>wren.yaml</c>: one section per stage. A stage re-runs
/// when its section (or anything upstream of it) changes, so each section holds only what its stage reads.
/// </summary>
public sealed record BuildRecipe
{
    /// <summary>Files and folders to ingest; relative paths are resolved from the recipe's folder.</summary>
    [YamlMember(Description = "files and folders (relative to this file); SOURCE arguments on the command line replace them; none: samples/acme")]
    public List<string> Sources { get; init; } = [];

    [YamlMember(Description = @"which files of the sources are read")]
    public IngestSection Ingest { get; init; } = new();

    /// <summary>The curation recipe, in <c>wren curate</c>'s format (<c>wren curate --init</c> documents every key).</summary>
    [YamlMember(Description = @"the curation recipe, as `wren curate --init` writes it")]
    public CurationRecipe Curation { get; init; } = new();

    [YamlMember(Description = @"byte-level BPE trained on the curated text")]
    public TokenizerSection Tokenizer { get; init; } = new();

    [YamlMember(Description = @"llm.c token shards")]
    public TokensSection Tokens { get; init; } = new();

    public ModelSection Model { get; init; } = new();

    [YamlMember(Description = @"the run stops at whichever of minutes, tokens, steps (those not 0) comes first")]
    public TrainingSection Training { get; init; } = new();

    /// <summary>Read only when <see cref="ModelSection.BaseModel"/> is set.</summary>
    [YamlMember(Description = "read only with model.base_model: supervised fine-tuning, then the adapter merged into a full model for eval, export, sample;\n" +
        "the tokenizer stage then copies the base model's tokenizer; the budget, batch, seq and seed come from training below")]
    public FinetuneSection Finetune { get; init; } = new();

    [YamlMember(Description = @"scored as lm-evaluation-harness scores them")]
    public EvalSection Eval { get; init; } = new();

    [YamlMember(Description = @"GGUF files for llama.cpp, Ollama, LM Studio")]
    public ExportSection Export { get; init; } = new();

    [YamlMember(Description = @"generations printed at the end and shown in index.html")]
    public SampleSection Sample { get; init; } = new();

    [YamlMember(Description = @"the cost plan in index.html: the same recipe at larger scale (`wren plan --gpu list`)")]
    public PlanSection Plan { get; init; } = new();

    /// <summary>Targeted tasks: each one's examples are built, a model is trained and measured beside its baselines.</summary>
    [YamlMember(Description = "targeted tasks: examples from your own data, a small model trained for each, measured beside its baselines\n" +
        "([] with the bundled sample: its route-mail task); each task as `wren task data/train` take it, e.g.\n" +
        "- name: route-mail                # DIR/tasks/NAME/: data/ (task.json, train/val/test.jsonl), run/ (the model), eval/task.html\n" +
        "  from: mail-headers              # records (rows through input/output templates), folders (the label is the folder), mail-headers\n" +
        "  sources: [mail/]                # relative to this file; []: the build's sources\n" +
        "  label_header: List-Id           # mail-headers: the header holding the label; label_regex: its first group is the label\n" +
        "  rare: drop                      # labels under min_per_label (10): refuse, drop, or other\n" +
        "  minutes: 2                      # the task model's budget; learning_curve, pretrain_on_curated, base_model, method, val, test, seed\n" +
        "# kind: generate (from records with an output template, or mail-replies) or extract (from records, fields: [queue]) fine-tune\n" +
        "# base_model on the examples and are measured beside it zero-shot, the retrieval baseline and teacher_url/teacher_model if given")]
    public List<TaskSection> Tasks { get; init; } = [];
}
