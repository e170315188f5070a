namespace Wren.Runtime.Formats.HuggingFace;

/// <summary>How <see cref="LlamaConfigJson"/> spells RoPE settings and the weight dtype in <c>config.json</c>.</summary>
public enum HfConfigSpelling
{
    /// <summary>
    /// transformers 5's <c>rope_parameters</c> object plus a top-level <c>rope_theta</c>, so both major
    /// versions read theta (what Wren's own checkpoints use).
    /// </summary>
    Both,

    /// <summary>
    /// Exactly what transformers 4.x <c>save_pretrained</c> writes: <c>rope_theta</c> and <c>rope_scaling</c>
    /// (null or an object) at the top level and <c>torch_dtype</c>; no transformers-5-only keys.
    /// </summary>
    Transformers4,
}
