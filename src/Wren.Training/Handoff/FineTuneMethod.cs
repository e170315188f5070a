namespace Wren.Training.Handoff;

/// <summary>How the GPU fine-tune trains: LoRA adapters on bf16 weights, LoRA on 4-bit NF4 weights (QLoRA), or every weight.</summary>
public enum FineTuneMethod
{
    Lora,
    QLora,
    Full,
}
