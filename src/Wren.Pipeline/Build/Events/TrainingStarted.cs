using Wren.Pipeline.Training;

namespace Wren.Pipeline.Build.Events;

/// <summary>Pretraining is about to start: the model, data and batch it will run with.</summary>
public sealed record TrainingStarted(TrainingRun Run) : BuildEvent;
