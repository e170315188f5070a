namespace Wren.Eval.Tasks;

/// <summary>Match rates of a generation task.</summary>
public sealed record GenerationTaskResult(IReadOnlyList<GenerationAnswer> Answers)
{
    public double ExactMatch => Rate(a => a.ExactMatch);

    public double Contains => Rate(a => a.Contains);

    public double ExtractedMatch => Rate(a => a.ExtractedMatch);

    private double Rate(Func<GenerationAnswer, bool> hit) => Answers.Count == 0 ? 0 : Answers.Count(hit) / (double)Answers.Count;
}
