using Wren.Data.Tasks;
using Wren.Eval.Classification;

namespace Wren.Pipeline.Build.Events;

/// <summary>A task's examples were built, its model trained and measured beside its baselines.</summary>
public sealed record TaskEvaluated(string Name, TaskBuildResult Data, TaskEvalReport Report, string Folder) : BuildEvent;
