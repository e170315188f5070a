using YamlDotNet.Serialization;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>The model to train: a preset trained from scratch, or a base model to fine-tune (see <see cref="FinetuneSection"/>).</summary>
public sealed record ModelSection
{
    /// <summary>tiny (~1M parameters), small (~10M), base (~30M), or a config.json.</summary>
    [YamlMember(Description = @"tiny (~1M parameters), small (~10M), base (~30M), or a config.json")]
    public string Preset { get; init; } = "tiny";

    /// <summary>A Hugging Face model folder to fine-tune instead of training from scratch (empty: from scratch).</summary>
    [YamlMember(Description = @"HF model folder (config.json, safetensors, tokenizer.json) to fine-tune instead of training from scratch; see finetune")]
    public string BaseModel { get; init; } = "";
}
