namespace Wren.Training.Classification;

/// <summary>
/// What the trainer reports as it goes: the phase (tokenizer, pretrain, finetune), the step, the loss, the
/// validation accuracy when it was measured, and the budget's seconds used and left.
/// </summary>
public sealed record ClassifierTrainingEvent(string Phase, long Step, double Loss, double LearningRate, double? ValidationAccuracy, double Seconds, double Remaining, double TokensPerSecond);
