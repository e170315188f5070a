using Wren.Eval.Planning;

namespace Wren.Pipeline.Build;

/// <summary>One row of the cost plan: a scale-up of the built model and what it would take.</summary>
internal sealed record CostPlanRow(string Label, TrainingEstimate Estimate);
