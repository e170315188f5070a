namespace Wren.Export.Gguf;

/// <summary>How the exporter stores the weight matrices (norms, biases and other 1-D tensors stay F32).</summary>
public enum GgufExportType
{
    /// <summary>Everything F32 (llama.cpp file type ALL_F32).</summary>
    F32,

    /// <summary>Matrices F16 (MOSTLY_F16), as convert_hf_to_gguf.py --outtype f16.</summary>
    F16,

    /// <summary>Matrices BF16 (MOSTLY_BF16).</summary>
    BF16,

    /// <summary>Matrices Q8_0 (MOSTLY_Q8_0), as convert_hf_to_gguf.py --outtype q8_0; rows not a multiple of 32 fall back to F16.</summary>
    Q8_0,

    /// <summary>Matrices Q4_0 (MOSTLY_Q4_0), the output matrix Q6_K, as llama-quantize Q4_0 does.</summary>
    Q4_0,

    /// <summary>llama-quantize's Q4_K_M mix: Q4_K, with Q6_K for the output matrix and some attn_v / ffn_down layers.</summary>
    Q4_K,

    /// <summary>Matrices Q4_1 (MOSTLY_Q4_1: 4-bit quants with a block minimum), the output matrix Q6_K, as llama-quantize Q4_1 does.</summary>
    Q4_1,

    /// <summary>Matrices Q5_1 (MOSTLY_Q5_1: 5-bit quants with a block minimum), the output matrix Q6_K, as llama-quantize Q5_1 does.</summary>
    Q5_1,
}
