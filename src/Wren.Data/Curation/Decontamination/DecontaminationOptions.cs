using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Decontamination;

/// <summary>Recipe section <c>decontamination</c>.</summary>
public sealed record DecontaminationOptions
{
    /// <summary>On when eval sets are given.</summary>
    [YamlMember(Description = @"runs only when eval_sets is not empty")]
    public bool Enabled { get; init; } = true;

    /// <summary>JSONL files (or folders of them) holding the evaluation sets; every string field of each record is read.</summary>
    [YamlMember(Description = @"JSONL files or folders; every string field is read")]
    public List<string> EvalSets { get; init; } = [];

    /// <summary>Words per n-gram; 13 is what GPT-3 and the Llama reports used.</summary>
    [YamlMember(Description = @"words per n-gram")]
    public int NGram { get; init; } = 13;

    /// <summary>Drop a document sharing at least this many n-grams with the eval sets.</summary>
    [YamlMember(Description = @"drop at this many shared n-grams")]
    public int MinOverlaps { get; init; } = 1;
}
