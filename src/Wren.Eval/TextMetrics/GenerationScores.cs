namespace Wren.Eval.TextMetrics;

/// <summary>
/// A generate task's figures over its test split: SQuAD exact match and token F1, rougeL and rougeLsum F-measure
/// (averaged over examples) and chrF (sacrebleu's corpus score, 0-100), each as its reference implementation defines it.
/// </summary>
public sealed record GenerationScores
{
    public int Count { get; init; }
    public double ExactMatch { get; init; }
    public double TokenF1 { get; init; }
    public double RougeL { get; init; }
    public double RougeLsum { get; init; }
    public double ChrF { get; init; }

    /// <summary>Scores of predictions against references, pair by pair.</summary>
    public static GenerationScores Of(IReadOnlyList<string> predictions, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(references);
        if (predictions.Count != references.Count) throw new ArgumentException("predictions and references differ in number");
        int n = predictions.Count;
        if (n == 0) return new GenerationScores();
        double em = 0, f1 = 0, rouge = 0, rougeSum = 0;
        for (int i = 0; i < n; i++)
        {
            em += SquadAnswer.ExactMatch(predictions[i], references[i]) ? 1 : 0;
            f1 += SquadAnswer.F1(predictions[i], references[i]);
            rouge += TextMetrics.RougeL.Score(references[i], predictions[i]).FMeasure;
            rougeSum += TextMetrics.RougeL.ScoreSummary(references[i], predictions[i]).FMeasure;
        }

        return new GenerationScores
        {
            Count = n,
            ExactMatch = em / n,
            TokenF1 = f1 / n,
            RougeL = rouge / n,
            RougeLsum = rougeSum / n,
            ChrF = new ChrF().Corpus(predictions, references),
        };
    }
}
