using System.Text.RegularExpressions;

namespace Wren.Runtime.Formats.Gguf;

/// <summary>
/// Hugging Face Llama/Qwen2/Mistral tensor names mapped to the GGUF names llama.cpp loads, as
/// convert_hf_to_gguf.py's tensor map gives them.
/// </summary>
internal static partial class LlamaTensorNames
{
    /// <summary>The GGUF name, or null for tensors llama.cpp does not take (rotary inv_freq buffers).</summary>
    public static string? ToGguf(string hfName)
    {
        switch (hfName)
        {
            case "model.embed_tokens.weight": return "token_embd.weight";
            case "model.norm.weight": return "output_norm.weight";
            case "lm_head.weight": return "output.weight";
        }
        Match m = LayerPattern().Match(hfName);
        if (!m.Success) return null;
        string layer = m.Groups[1].Value;
        string rest = m.Groups[2].Value;
        if (rest.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal)) return null;
        string? mapped = rest switch
        {
            "input_layernorm.weight" => "attn_norm.weight",
            "self_attn.q_proj.weight" => "attn_q.weight",
            "self_attn.q_proj.bias" => "attn_q.bias",
            "self_attn.k_proj.weight" => "attn_k.weight",
            "self_attn.k_proj.bias" => "attn_k.bias",
            "self_attn.v_proj.weight" => "attn_v.weight",
            "self_attn.v_proj.bias" => "attn_v.bias",
            "self_attn.o_proj.weight" => "attn_output.weight",
            "self_attn.o_proj.bias" => "attn_output.bias",
            "post_attention_layernorm.weight" => "ffn_norm.weight",
            "mlp.gate_proj.weight" => "ffn_gate.weight",
            "mlp.up_proj.weight" => "ffn_up.weight",
            "mlp.down_proj.weight" => "ffn_down.weight",
            _ => null,
        };
        return mapped == null ? null : $"blk.{layer}.{mapped}";
    }

    /// <summary>The Hugging Face name a GGUF tensor comes from (for error messages).</summary>
    public static string ToHf(string ggufName)
    {
        switch (ggufName)
        {
            case "token_embd.weight": return "model.embed_tokens.weight";
            case "output_norm.weight": return "model.norm.weight";
            case "output.weight": return "lm_head.weight";
        }
        Match m = GgufLayerPattern().Match(ggufName);
        if (!m.Success) return ggufName;
        string rest = m.Groups[2].Value switch
        {
            "attn_norm.weight" => "input_layernorm.weight",
            "attn_q.weight" => "self_attn.q_proj.weight",
            "attn_q.bias" => "self_attn.q_proj.bias",
            "attn_k.weight" => "self_attn.k_proj.weight",
            "attn_k.bias" => "self_attn.k_proj.bias",
            "attn_v.weight" => "self_attn.v_proj.weight",
            "attn_v.bias" => "self_attn.v_proj.bias",
            "attn_output.weight" => "self_attn.o_proj.weight",
            "attn_output.bias" => "self_attn.o_proj.bias",
            "ffn_norm.weight" => "post_attention_layernorm.weight",
            "ffn_gate.weight" => "mlp.gate_proj.weight",
            "ffn_up.weight" => "mlp.up_proj.weight",
            "ffn_down.weight" => "mlp.down_proj.weight",
            string other => other,
        };
        return $"model.layers.{m.Groups[1].Value}.{rest}";
    }

    /// <summary>Whether a name is a known non-weight buffer that is safe to drop.</summary>
    public static bool IsIgnorable(string hfName) => hfName.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);

    [GeneratedRegex(@"^model\.layers\.(\d+)\.(.+)$")]
    private static partial Regex LayerPattern();

    [GeneratedRegex(@"^blk\.(\d+)\.(.+)$")]
    private static partial Regex GgufLayerPattern();
}
