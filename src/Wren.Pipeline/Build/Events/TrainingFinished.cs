using Wren.Training.Trainer;

namespace Wren.Pipeline.Build.Events;

/// <summary>Pretraining ended (budget spent); the loss curves are in <paramref name="PlotPath"/>.</summary>
public sealed record TrainingFinished(TrainingSummary Summary, string PlotPath) : BuildEvent;
