using Wren.Runtime.Formats.Safetensors;

namespace Wren.Export.HuggingFace;

/// <summary>What <see cref="HfCheckpointImporter"/> reads and writes.</summary>
public sealed record HfImportOptions
{
    /// <summary>
    /// A Hugging Face checkpoint folder (save_pretrained output, possibly sharded and BF16), or a folder of
    /// them: its <c>final/</c>, else its newest <c>checkpoint-N/</c> (the layouts of wren's train.py and the HF Trainer).
    /// </summary>
    public required string CheckpointDirectory { get; init; }

    /// <summary>The Wren model folder to write (complete or not at all).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Weight type of the imported model; F32 by default (BF16 widens exactly, and training can continue from it).</summary>
    public SafetensorsDType DType { get; init; } = SafetensorsDType.F32;
}
