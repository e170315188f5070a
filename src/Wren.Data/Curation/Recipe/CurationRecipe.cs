using Wren.Data.Curation.Decontamination;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pii;
using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Steps;
using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Everything a curation run does, as read from <c>curate.yaml</c>: one section per step, in the
/// order the steps run. The defaults are the published thresholds (datatrove's, FineWeb's).
/// </summary>
public sealed record CurationRecipe
{
    /// <summary>The kind of each source (document, mail, record; anything else is web) and the thresholds that differ per kind.</summary>
    [YamlMember(Description = @"organizational data is not web crawl: a document's kind comes from ingest's metadata.format, and these thresholds replace the sections' own for it; a format no kind lists is web: every rule as published")]
    public KindsOptions Kinds { get; init; } = new();

    [YamlMember(Description = @"cleans text, never judges it")]
    public NormalizeOptions Normalize { get; init; } = new();

    /// <summary>
    /// Before language ID: it judges the same (normalized) text and is language-independent, and at about
    /// a sixth of Lingua's cost per document it is cheaper to drop repetitive documents first.
    /// </summary>
    [YamlMember(Description = @"Gopher (Rae et al. 2021) repetition rules, datatrove defaults; before language ID, which costs more per document")]
    public GopherRepetitionOptions GopherRepetition { get; init; } = new();

    [YamlMember(Description = @"Lingua language ID; writes language and language_confidence to metadata.wren")]
    public LanguageOptions Language { get; init; } = new();

    [YamlMember(Description = @"Gopher quality rules, datatrove defaults")]
    public GopherQualityOptions GopherQuality { get; init; } = new();

    [YamlMember(Description = @"C4 (Raffel et al. 2020) line and document rules, datatrove semantics")]
    public C4Options C4 { get; init; } = new();

    [YamlMember(Description = @"FineWeb (Penedo et al. 2024) custom rules")]
    public FineWebOptions Fineweb { get; init; } = new();

    [YamlMember(Description = @"linear classifier from `wren quality train`")]
    public QualityModelOptions QualityModel { get; init; } = new();

    [YamlMember(Description = @"replace personal data and secrets by <EMAIL>, <PHONE>, ...")]
    public PiiOptions Pii { get; init; } = new();

    [YamlMember(Description = @"drop documents sharing n-grams with evaluation sets")]
    public DecontaminationOptions Decontamination { get; init; } = new();

    [YamlMember(Description = @"exact and MinHash LSH near-duplicate removal across the corpus")]
    public MinHashOptions Dedup { get; init; } = new();

    [YamlMember(Description = @"lines and paragraphs shared by many documents (signatures, disclaimers, navigation), removed from each")]
    public BoilerplateOptions Boilerplate { get; init; } = new();
}
