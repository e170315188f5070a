using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// One targeted task of the build (as <c>wren task data</c>, <c>train</c> and <c>eval</c>): how its examples are made
/// from the organization's data, and how long its model trains.
/// </summary>
public sealed record TaskSection
{
    /// <summary>The task's name, also its folder: DIR/tasks/NAME/.</summary>
    [YamlMember(Description = @"The task's name, also its folder: DIR/tasks/NAME/.")]
    public string Name { get; init; } = "";

    /// <summary>classify (one label per input), generate (free text: a reply, an answer) or extract (a JSON object following a schema).</summary>
    [YamlMember(Description = @"classify (one label per input), generate (free text: a reply, an answer) or extract (a JSON object following a schema).")]
    public string Kind { get; init; } = "classify";

    /// <summary>The builder: records, folders or mail-headers (classify), records or mail-replies (generate), records (extract).</summary>
    [YamlMember(Description = @"The builder: records, folders or mail-headers (classify), records or mail-replies (generate), records (extract).")]
    public string From { get; init; } = "";

    /// <summary>Files and folders the examples come from (relative to the recipe); empty: the build's sources.</summary>
    [YamlMember(Description = @"Files and folders the examples come from (relative to the recipe); empty: the build's sources.")]
    public List<string> Sources { get; init; } = [];

    /// <summary>Template of the input (records: required; mail: "{subject}\n\n{body}"; folders: "{text}").</summary>
    [YamlMember(Description = @"Template of the input (records: required; mail: ""{subject}\n\n{body}""; folders: ""{text}"").")]
    public string? Input { get; init; }

    /// <summary>records: template of the label (classify) or of the text to write (generate), e.g. "{queue}" or "{answer}".</summary>
    [YamlMember(Description = @"records: template of the label (classify) or of the text to write (generate), e.g. ""{queue}"" or ""{answer}"".")]
    public string? Output { get; init; }

    /// <summary>extract: the columns that make the output object, e.g. [queue, priority].</summary>
    [YamlMember(Description = @"extract: the columns that make the output object, e.g. [queue, priority].")]
    public List<string> Fields { get; init; } = [];

    /// <summary>extract: a JSON Schema file the output objects follow (relative to the recipe); none: inferred from the fields' values.</summary>
    [YamlMember(Description = @"extract: a JSON Schema file the output objects follow (relative to the recipe); none: inferred from the fields' values.")]
    public string? Schema { get; init; }

    /// <summary>mail-headers: the header holding the label (List-Id, X-Folder, To, Subject).</summary>
    [YamlMember(Description = @"mail-headers: the header holding the label (List-Id, X-Folder, To, Subject).")]
    public string? LabelHeader { get; init; }

    /// <summary>mail-headers: a regular expression over the header; its first group is the label.</summary>
    [YamlMember(Description = @"mail-headers: a regular expression over the header; its first group is the label.")]
    public string? LabelRegex { get; init; }

    /// <summary>folders: FOLDER=LABEL renames (globs with * and ?).</summary>
    [YamlMember(Description = @"folders: FOLDER=LABEL renames (globs with * and ?).")]
    public List<string> Map { get; init; } = [];

    /// <summary>records: a column whose rows share a split.</summary>
    [YamlMember(Description = @"records: a column whose rows share a split.")]
    public string? Group { get; init; }

    public string? Sql { get; init; }

    public string? Connection { get; init; }

    public List<string> Include { get; init; } = [];

    public List<string> Exclude { get; init; } = [];

    public int MinPerLabel { get; init; } = 10;

    /// <summary>refuse, drop or other.</summary>
    [YamlMember(Description = @"refuse, drop or other.")]
    public string Rare { get; init; } = "refuse";

    public string OtherLabel { get; init; } = "other";

    public double Val { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    public ulong Seed { get; init; } = 1;

    /// <summary>The task model's training budget (tokenizer, pretraining, fine-tuning) in minutes.</summary>
    [YamlMember(Description = @"The task model's training budget (tokenizer, pretraining, fine-tuning) in minutes.")]
    public double Minutes { get; init; } = 2;

    /// <summary>wall, or cpu (CPU time per thread: what the run would take on an idle machine).</summary>
    [YamlMember(Description = @"wall, or cpu (CPU time per thread: what the run would take on an idle machine).")]
    public string Clock { get; init; } = "wall";

    /// <summary>Also train on 10% and 30% of the labelled examples (half the budget each) for the learning curve.</summary>
    [YamlMember(Description = @"Also train on 10% and 30% of the labelled examples (half the budget each) for the learning curve.")]
    public bool LearningCurve { get; init; } = true;

    /// <summary>Pretrain on the build's curated documents too (the task's validation and test messages left out).</summary>
    [YamlMember(Description = @"Pretrain on the build's curated documents too (the task's validation and test messages left out).")]
    public bool PretrainOnCurated { get; init; } = true;

    /// <summary>A Hugging Face model folder to fine-tune instead of training from scratch (relative to the recipe).</summary>
    [YamlMember(Description = @"A Hugging Face model folder to fine-tune instead of training from scratch (relative to the recipe).")]
    public string? BaseModel { get; init; }

    /// <summary>generate/extract: a teacher measured beside the task model, an OpenAI-compatible API base such as http://localhost:11434/v1.</summary>
    [YamlMember(Description = @"generate/extract: a teacher measured beside the task model, an OpenAI-compatible API base such as http://localhost:11434/v1.")]
    public string? TeacherUrl { get; init; }

    /// <summary>The teacher's model name at teacher_url.</summary>
    [YamlMember(Description = @"The teacher's model name at teacher_url.")]
    public string? TeacherModel { get; init; }

    /// <summary>Environment variable holding the teacher's API key.</summary>
    [YamlMember(Description = @"Environment variable holding the teacher's API key.")]
    public string TeacherKeyEnv { get; init; } = "OPENAI_API_KEY";

    /// <summary>With base_model: lora or full.</summary>
    [YamlMember(Description = @"With base_model: lora or full.")]
    public string Method { get; init; } = "lora";
}
