using Wren.Runtime;

namespace Wren.Export.Gguf;

/// <summary>The GGUF export types by the names users type (<c>--type</c>, a recipe's <c>export.types</c>).</summary>
public static class GgufExportTypes
{
    /// <summary>Every type, lower case, as <see cref="Parse"/> reads them.</summary>
    public const string AllNames = "f32, f16, bf16, q8_0, q4_0, q4_1, q5_1, q4_k";

    /// <summary>The quantized types, as <c>wren quantize</c> takes them.</summary>
    public const string QuantizedNames = "q8_0, q4_0, q4_1, q5_1, q4_k";

    /// <param name="quantizedOnly">Refuse f32, f16 and bf16.</param>
    public static GgufExportType Parse(string text, bool quantizedOnly = false)
    {
        GgufExportType? type = text.ToLowerInvariant() switch
        {
            "f32" when !quantizedOnly => GgufExportType.F32,
            "f16" when !quantizedOnly => GgufExportType.F16,
            "bf16" when !quantizedOnly => GgufExportType.BF16,
            "q8_0" => GgufExportType.Q8_0,
            "q4_0" => GgufExportType.Q4_0,
            "q4_1" => GgufExportType.Q4_1,
            "q5_1" => GgufExportType.Q5_1,
            "q4_k" or "q4_k_m" => GgufExportType.Q4_K,
            _ => null,
        };
        return type ?? throw new WrenException($"--type '{text}' is not one of {(quantizedOnly ? QuantizedNames : AllNames)}");
    }
}
