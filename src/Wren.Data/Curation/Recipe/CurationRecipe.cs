using Wren.Data.Curation.Decontamination;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pii;
using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Steps;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Everything a curation run does, as read from <c>curate.yaml</c>: one section per step, in the
/// order the steps run. The defaults are the published thresholds (datatrove's, FineWeb's).
/// </summary>
public sealed record CurationRecipe
{
    /// <summary>The kind of each source (document, mail, record; anything else is web) and the thresholds that differ per kind.</summary>
    public KindsOptions Kinds { get; init; } = new();

    public NormalizeOptions Normalize { get; init; } = new();

    /// <summary>
    /// Before language ID: it judges the same (normalized) text and is language-independent, and at about
    /// a sixth of Lingua's cost per document it is cheaper to drop repetitive documents first.
    /// </summary>
    public GopherRepetitionOptions GopherRepetition { get; init; } = new();

    public LanguageOptions Language { get; init; } = new();

    public GopherQualityOptions GopherQuality { get; init; } = new();

    public C4Options C4 { get; init; } = new();

    public FineWebOptions Fineweb { get; init; } = new();

    public QualityModelOptions QualityModel { get; init; } = new();

    public PiiOptions Pii { get; init; } = new();

    public DecontaminationOptions Decontamination { get; init; } = new();

    public MinHashOptions Dedup { get; init; } = new();

    public BoilerplateOptions Boilerplate { get; init; } = new();
}
