using Wren.Eval.Reports;

namespace Wren.Pipeline.Build.Events;

/// <summary>The model's scores on the held-out documents and the recipe's task files.</summary>
public sealed record EvaluationFinished(EvalReport Report) : BuildEvent;
