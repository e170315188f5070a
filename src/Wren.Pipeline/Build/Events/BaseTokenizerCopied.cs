namespace Wren.Pipeline.Build.Events;

/// <summary>A fine-tuning build took the base model's tokenizer instead of training one.</summary>
public sealed record BaseTokenizerCopied(int VocabularySize, string BaseModel) : BuildEvent;
