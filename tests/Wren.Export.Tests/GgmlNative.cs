using System.Runtime.InteropServices;

namespace Wren.Export.Tests;

/// <summary>
/// ggml's own reference quantizers and dequantizers (quantize_row_*_ref, dequantize_row_*), called
/// straight from the libggml-base shipped in LLamaSharp.Backend.Cpu: the oracle for bit-exactness.
/// </summary>
internal static unsafe class GgmlNative
{
    private static readonly Lazy<nint> Library = new(Load);

    /// <summary>Which build of libggml-base to load: "noavx" is compiled for baseline x86-64 (no FMA contraction).</summary>
    public static string Variant { get; } = "noavx";

    public static bool IsAvailable => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    public static void QuantizeRef(string type, ReadOnlySpan<float> x, Span<byte> y)
    {
        var f = (delegate* unmanaged<float*, byte*, long, void>)NativeLibrary.GetExport(Library.Value, $"quantize_row_{type}_ref");
        fixed (float* px = x)
        fixed (byte* py = y)
            f(px, py, x.Length);
    }

    public static void Dequantize(string type, ReadOnlySpan<byte> x, Span<float> y)
    {
        var f = (delegate* unmanaged<byte*, float*, long, void>)NativeLibrary.GetExport(Library.Value, $"dequantize_row_{type}");
        fixed (byte* px = x)
        fixed (float* py = y)
            f(px, py, y.Length);
    }

    public static void Fp32ToFp16(ReadOnlySpan<float> x, Span<byte> y)
    {
        var f = (delegate* unmanaged<float*, byte*, long, void>)NativeLibrary.GetExport(Library.Value, "ggml_fp32_to_fp16_row");
        fixed (float* px = x)
        fixed (byte* py = y)
            f(px, py, x.Length);
    }

    public static void Fp32ToBf16Ref(ReadOnlySpan<float> x, Span<byte> y)
    {
        var f = (delegate* unmanaged<float*, byte*, long, void>)NativeLibrary.GetExport(Library.Value, "ggml_fp32_to_bf16_row_ref");
        fixed (float* px = x)
        fixed (byte* py = y)
            f(px, py, x.Length);
    }

    private static nint Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Variant, "libggml-base.so");
        return NativeLibrary.Load(path);
    }
}
