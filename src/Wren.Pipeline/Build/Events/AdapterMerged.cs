namespace Wren.Pipeline.Build.Events;

/// <summary>A fine-tuning build folded its LoRA adapter into a full model.</summary>
public sealed record AdapterMerged(string Adapter, string Model) : BuildEvent;
