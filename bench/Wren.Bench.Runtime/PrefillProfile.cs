using System.Runtime.InteropServices;
using Wren.Runtime.Kernels;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;

namespace Wren.Bench.Runtime;

/// <summary>
/// Where one prefill's time goes, on one thread: the prompt's product with every layer's q, k, v, o, gate, up and down
/// weights, summed per weight type (a Q4_K_M file mixes Q4_K, Q5_0, Q6_K and Q8_0), each through the kernel prefill
/// dispatches for it (the VNNI tile, the row-by-row int8 dots, or the float GEMMs), against a whole prefill measured the
/// same way; the rest is activation quantization and packing, attention, norms, RoPE, the head's last row and dispatch.
/// Process CPU time (clock_gettime), so the figures hold on a machine shared with other work.
/// </summary>
internal static unsafe class PrefillProfile
{
    public static void Print(LlamaModel model, string label, int tokens)
    {
        var layers = model.Weights.Layers;
        int width = layers.Max(l => Math.Max(l.Query.Weight.Cols, l.Down.Weight.Cols));
        var random = new Random(7);
        var x = new float[tokens * width];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() - 0.5);
        var weights = layers.SelectMany(l => new[] { l.Query.Weight, l.Key.Weight, l.Value.Weight, l.Output.Weight, l.Gate!.Weight, l.Up.Weight, l.Down.Weight }).ToArray();
        var y = new float[tokens * weights.Max(w => w.Rows)];
        var pack = new float[Gemm.PackLength];
        var parts = new List<string>();
        double kernels = 0;
        foreach (var group in weights.GroupBy(w => w.DType).OrderByDescending(g => g.Sum(w => w.ByteLength)))
        {
            // The activation copies each kernel reads, made outside the timing as the decoder makes them once per group.
            var inputs = group.Select(w => Input(w, x, tokens)).ToArray();
            var matrices = group.ToArray();
            double ms = Best(() =>
            {
                for (int i = 0; i < matrices.Length; i++) Multiply(matrices[i], inputs[i], x, tokens, y, pack);
            });
            kernels += ms;
            long macs = matrices.Sum(w => (long)w.Rows * w.Cols) * tokens;
            parts.Add($"{group.Key} {ms:F1} ms ({matrices.Length} matrices, {macs / ms / 1e6:F1} GMAC/s)");
        }

        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 1, MaxContext = tokens + 1 });
        int[] prompt = Enumerable.Range(1, tokens).ToArray();
        double step = Best(() =>
        {
            session.Reset();
            session.Prefill(prompt);
        });
        Console.WriteLine($"  prefill profile {label}, {tokens} tokens, 1 thread (CPU time): prefill {step:F1} ms = " + string.Join(" + ", parts) + $" + other {Math.Max(0, step - kernels):F1} ms ({100 * Math.Max(0, step - kernels) / step:F0}%)");
    }

    /// <summary>What <paramref name="w"/>'s prefill kernel reads: VNNI panels, quantized rows, or nothing extra (F32/F16 read x).</summary>
    private static byte[] Input(WeightMatrix w, float[] x, int t)
    {
        if (!QuantizedMatVec.UsesQuantizedActivation(w.DType)) return [];
        var xq = new byte[t * QuantizedMatVec.ActivationBytes(w.DType, w.Cols)];
        QuantizedMatMul.QuantizeRows(w.DType, x.AsSpan(0, t * w.Cols), t, w.Cols, xq);
        if (!VnniQuantizedGemm.Handles(w.DType, t)) return xq;
        var panels = new byte[VnniQuantizedGemm.PanelBytes(w.DType, t, w.Cols)];
        VnniQuantizedGemm.Pack(w.DType, xq, t, w.Cols, panels);
        return panels;
    }

    private static void Multiply(WeightMatrix w, byte[] input, float[] x, int t, float[] y, float[] pack)
    {
        if (!QuantizedMatVec.UsesQuantizedActivation(w.DType))
            Gemm.MultiplyTransposed(x.AsSpan(0, t * w.Cols), t, w, y.AsSpan(0, t * w.Rows));
        else if (VnniQuantizedGemm.Handles(w.DType, t))
            VnniQuantizedGemm.Multiply(w, input, t, y, w.Rows, 0, w.Rows);
        else
            QuantizedMatMul.Multiply(w, input, t, y, w.Rows, 0, w.Rows);
    }

    /// <summary>Best of three timings in CPU milliseconds.</summary>
    private static double Best(Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            double t0 = CpuMilliseconds();
            action();
            best = Math.Min(best, CpuMilliseconds() - t0);
        }

        return best;
    }

    private static double CpuMilliseconds()
    {
        Timespec now;
        if (clock_gettime(ProcessCpuClock, &now) != 0) throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
        return now.Seconds * 1e3 + now.Nanoseconds / 1e6;
    }

    private const int ProcessCpuClock = 2; // CLOCK_PROCESS_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, Timespec* time);
}
