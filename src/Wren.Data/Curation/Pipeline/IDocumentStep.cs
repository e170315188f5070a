namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// One curation step applied to one document at a time. Implementations are immutable after
/// construction and thread-safe: the pipeline calls <see cref="Process"/> from many tasks at once.
/// </summary>
public interface IDocumentStep
{
    /// <summary>Stable name used in stats, rejected records and the recipe (e.g. "gopher_quality").</summary>
    string Name { get; }

    /// <summary>Scores this step writes that the report draws as kept-vs-dropped histograms.</summary>
    IReadOnlyList<ScoreHistogramSpec> Histograms { get; }

    /// <summary>Decides for <paramref name="document"/>; may rewrite its text and set scores; counts line-level work in <paramref name="counters"/>.</summary>
    StepResult Process(WorkingDocument document, StepCounters counters);
}
