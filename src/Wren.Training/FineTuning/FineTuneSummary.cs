using Wren.Training.Trainer;

namespace Wren.Training.FineTuning;

/// <summary>
/// The outcome of a fine-tuning run. <see cref="TrainingSummary.ModelFolder"/> is the PEFT adapter folder
/// (LoRA; fold it with <c>PeftAdapter.Merge</c>) or the full Hugging Face model folder.
/// </summary>
public sealed record FineTuneSummary(TrainingSummary Training, FineTuneData Data, bool IsLora, IReadOnlyList<TrainingSample> Samples);
