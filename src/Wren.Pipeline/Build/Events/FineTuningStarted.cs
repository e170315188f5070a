using Wren.Runtime.Formats.HuggingFace;
using Wren.Training.FineTuning;
using Wren.Training.Lora;

namespace Wren.Pipeline.Build.Events;

/// <summary>Fine-tuning of the base model is about to start; <paramref name="Lora"/> is null for full fine-tuning.</summary>
public sealed record FineTuningStarted(string BaseModel, LlamaConfig Config, LoraSettings? Lora, FineTuneData Data) : BuildEvent;
