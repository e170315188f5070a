namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// One targeted task of the build (as <c>wren task data</c>, <c>train</c> and <c>eval</c>): how its examples are made
/// from the organization's data, and how long its model trains.
/// </summary>
public sealed record TaskSection
{
    /// <summary>The task's name, also its folder: DIR/tasks/NAME/.</summary>
    public string Name { get; init; } = "";

    /// <summary>classify (the one kind this version trains).</summary>
    public string Kind { get; init; } = "classify";

    /// <summary>The builder: records, folders or mail-headers.</summary>
    public string From { get; init; } = "";

    /// <summary>Files and folders the examples come from (relative to the recipe); empty: the build's sources.</summary>
    public List<string> Sources { get; init; } = [];

    /// <summary>Template of the input (records: required; mail: "{subject}\n\n{body}"; folders: "{text}").</summary>
    public string? Input { get; init; }

    /// <summary>records: template of the label, e.g. "{queue}".</summary>
    public string? Output { get; init; }

    /// <summary>mail-headers: the header holding the label (List-Id, X-Folder, To, Subject).</summary>
    public string? LabelHeader { get; init; }

    /// <summary>mail-headers: a regular expression over the header; its first group is the label.</summary>
    public string? LabelRegex { get; init; }

    /// <summary>folders: FOLDER=LABEL renames (globs with * and ?).</summary>
    public List<string> Map { get; init; } = [];

    /// <summary>records: a column whose rows share a split.</summary>
    public string? Group { get; init; }

    public string? Sql { get; init; }

    public string? Connection { get; init; }

    public List<string> Include { get; init; } = [];

    public List<string> Exclude { get; init; } = [];

    public int MinPerLabel { get; init; } = 10;

    /// <summary>refuse, drop or other.</summary>
    public string Rare { get; init; } = "refuse";

    public string OtherLabel { get; init; } = "other";

    public double Val { get; init; } = 0.1;

    public double Test { get; init; } = 0.2;

    public ulong Seed { get; init; } = 1;

    /// <summary>The task model's training budget (tokenizer, pretraining, fine-tuning) in minutes.</summary>
    public double Minutes { get; init; } = 2;

    /// <summary>wall, or cpu (CPU time per thread: what the run would take on an idle machine).</summary>
    public string Clock { get; init; } = "wall";

    /// <summary>Also train on 10% and 30% of the labelled examples (half the budget each) for the learning curve.</summary>
    public bool LearningCurve { get; init; } = true;

    /// <summary>Pretrain on the build's curated documents too (the task's validation and test messages left out).</summary>
    public bool PretrainOnCurated { get; init; } = true;

    /// <summary>A Hugging Face model folder to fine-tune instead of training from scratch (relative to the recipe).</summary>
    public string? BaseModel { get; init; }

    /// <summary>With base_model: lora or full.</summary>
    public string Method { get; init; } = "lora";
}
