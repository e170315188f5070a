using Wren.Training.Trainer;

namespace Wren.Pipeline.Build.Events;

/// <summary>One optimizer step of pretraining or fine-tuning; <see cref="StepReport.ValidationLoss"/> is set on evaluation steps.</summary>
public sealed record TrainingStepFinished(StepReport Step) : BuildEvent;
