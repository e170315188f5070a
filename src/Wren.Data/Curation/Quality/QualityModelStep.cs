using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Quality;

/// <summary>Scores each document with the trained classifier (<c>quality_score</c>) and drops those below the threshold (rule <c>low_quality_score</c>).</summary>
public sealed class QualityModelStep : IDocumentStep
{
    private readonly QualityModel _model;
    private readonly double _minScore;

    public QualityModelStep(QualityModel model, double minScore)
    {
        _model = model;
        _minScore = minScore;
    }

    public string Name => "quality_model";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [new("quality_score", 0, 1, 20)];

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        double score = _model.Score(document.Text);
        document.SetScore("quality_score", score);
        return score < _minScore
            ? StepResult.Drop("low_quality_score", score, _minScore, DropEvidence.Measure("probability of being good", score, "<", "min_score", _minScore))
            : StepResult.Keep;
    }
}
