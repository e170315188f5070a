namespace Wren.Eval.Planning;

/// <summary>
/// A weight storage format and its bits per weight as llama.cpp's GGUF blocks give them
/// (ggml-common.h): Q8_0 stores 32 int8 weights plus one FP16 scale (34 bytes / 32 = 8.5 bits);
/// Q4_0 stores 32 4-bit weights plus one FP16 scale (18 / 32 = 4.5 bits); Q4_K stores 256 weights in
/// 144 bytes (4.5 bits; the Q4_K_M file type mixes in some Q6_K tensors, about 4.8 on average).
/// </summary>
public sealed record WeightFormat(string Name, double BitsPerWeight)
{
    /// <summary>The formats the planner sizes, from largest to smallest.</summary>
    public static IReadOnlyList<WeightFormat> All { get; } =
    [
        new("F16", 16),
        new("Q8_0", 8.5),
        new("Q4_K", 4.5),
        new("Q4_0", 4.5),
    ];
}
