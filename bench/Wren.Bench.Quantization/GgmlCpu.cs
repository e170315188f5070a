using System.Runtime.InteropServices;

namespace Wren.Bench.Quantization;

/// <summary>
/// ggml's CPU kernels from the libggml shipped with LLamaSharp.Backend.Cpu (the build llama.cpp uses
/// on this CPU): reference quantizers and dequantizers from libggml-base, and the vectorised
/// from_float / vec_dot of each type from libggml-cpu's type traits.
/// </summary>
internal static unsafe class GgmlCpu
{
    private static nint _base, _cpu;

    public static string Variant { get; private set; } = "";

    public static void Load(string variant)
    {
        Variant = variant;
        string dir = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", variant);
        _base = NativeLibrary.Load(Path.Combine(dir, "libggml-base.so"));
        _cpu = NativeLibrary.Load(Path.Combine(dir, "libggml-cpu.so"));
        ((delegate* unmanaged<void>)NativeLibrary.GetExport(_cpu, "ggml_cpu_init"))();
    }

    public static delegate* unmanaged<float*, byte*, long, void> QuantizeRef(string type) =>
        (delegate* unmanaged<float*, byte*, long, void>)NativeLibrary.GetExport(_base, $"quantize_row_{type}_ref");

    public static delegate* unmanaged<byte*, float*, long, void> Dequantize(string type) =>
        (delegate* unmanaged<byte*, float*, long, void>)NativeLibrary.GetExport(_base, $"dequantize_row_{type}");

    /// <summary>struct ggml_type_traits_cpu { from_float; vec_dot; vec_dot_type; nrows; }</summary>
    public static (nint FromFloat, nint VecDot) Traits(int ggmlType)
    {
        var get = (delegate* unmanaged<int, nint*>)NativeLibrary.GetExport(_cpu, "ggml_get_type_traits_cpu");
        nint* t = get(ggmlType);
        return (t[0], t[1]);
    }
}
