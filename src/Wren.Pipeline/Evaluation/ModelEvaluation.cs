using Wren.Eval.Reports;
using Wren.Eval.Scoring;
using Wren.Eval.Tasks;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Pipeline.Evaluation;

/// <summary>Scores one model folder on loaded tasks; shared by <c>wren eval</c> (once per model) and <c>wren build</c>.</summary>
public static class ModelEvaluation
{
    /// <param name="started">Told, once the model is loaded, its size and how the scorer split the cores.</param>
    public static ModelReport Run(
        string modelPath, IReadOnlyList<EvalTask> tasks, EvalRunOptions runOptions, ScorerOptions scorerOptions,
        IProgressSink progress, Action<LlamaModel, ModelScorer>? started, CancellationToken cancellationToken)
    {
        using var model = LlamaModel.Load(modelPath);
        var tokenizer = BpeTokenizer.Load(modelPath);
        using var scorer = new ModelScorer(model, tokenizer, scorerOptions);
        started?.Invoke(model, scorer);
        var runner = new EvalRunner(scorer, runOptions);
        var scores = new List<TaskScore>(tasks.Count);
        foreach (var task in tasks)
        {
            scores.Add(runner.Run(task, progress, cancellationToken));
        }
        return new ModelReport { Model = modelPath, Parameters = model.Config.ParameterCount, Tasks = scores };
    }
}
