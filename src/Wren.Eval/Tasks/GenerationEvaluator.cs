using Wren.Eval.Scoring;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Tasks;

/// <summary>Greedy <c>generate_until</c> over generation questions, in parallel on the scorer's workers.</summary>
public sealed class GenerationEvaluator(ModelScorer scorer, GenerationTaskOptions? options = null)
{
    private readonly GenerationTaskOptions _options = options ?? new GenerationTaskOptions();

    public GenerationTaskResult Evaluate(IReadOnlyList<GenerationItem> items, FewShotPrompt? fewShot = null, IProgressTask? progress = null, CancellationToken cancellationToken = default)
    {
        var matcher = new AnswerMatcher(_options);
        var answers = new GenerationAnswer[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = scorer.Workers, CancellationToken = cancellationToken }, i =>
        {
            var item = items[i];
            string prompt = fewShot is null ? item.Prompt : fewShot.Build(i, item.Prompt);
            string output = scorer.GenerateGreedy(prompt, _options.MaxTokens, _options.Until, cancellationToken);
            answers[i] = new GenerationAnswer(output, matcher.ExactMatch(output, item.Answers), matcher.Contains(output, item.Answers), matcher.ExtractedMatch(output, item.Answers));
            progress?.Increment(1);
        });
        return new GenerationTaskResult(answers);
    }
}
