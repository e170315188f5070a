using Wren.Eval.Planning;

namespace Wren.Pipeline.Planning;

/// <summary>A plan's estimate and where its tokens came from (counted in a corpus, given, or Chinchilla's default).</summary>
public sealed record TrainingPlanResult(TrainingEstimate Estimate, PlannedTokens Tokens);
