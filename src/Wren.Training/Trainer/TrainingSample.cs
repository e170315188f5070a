namespace Wren.Training.Trainer;

/// <summary>One sample generation during training (one line of samples.jsonl).</summary>
public sealed record TrainingSample(long Step, string Prompt, string Text, int Tokens);
