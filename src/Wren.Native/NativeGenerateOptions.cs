using System.Runtime.InteropServices;

namespace Wren.Native;

/// <summary>include/wren.h's <c>wren_generate_options</c>, field for field (blittable: it crosses the boundary as is).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeGenerateOptions
{
    public int MaxTokens;
    public float Temperature;
    public float TopP;
    public int TopK;
    /// <summary>Nonzero: <see cref="Seed"/> seeds the draw; zero: a random seed.</summary>
    public int HasSeed;
    public int Seed;
    /// <summary>Kernel threads; 0 = all cores.</summary>
    public int Threads;

    /// <summary><c>wren generate</c>'s defaults: 128 tokens, temperature 0.8, top-p 0.95.</summary>
    public static NativeGenerateOptions Default => new() { MaxTokens = 128, Temperature = 0.8f, TopP = 0.95f };
}
