using Wren.Training.Classification;

namespace Wren.Pipeline.Build.Events;

/// <summary>A step of a task model's training (Run: 100%, 10% or 30% of the labels); a console shows the validation checks.</summary>
public sealed record TaskTrainingProgressed(string Task, string Run, ClassifierTrainingEvent Step) : BuildEvent;
