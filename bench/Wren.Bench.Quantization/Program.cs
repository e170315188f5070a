using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using Spectre.Console;
using Wren.Bench.Quantization;
using Wren.Runtime.Quantization;

// Throughput of Wren's block kernels and ggml's, one thread, same data, same run.
// Usage: dotnet run -c Release --project bench/Wren.Bench.Quantization [-- --seconds 0.3]
double seconds = args.Length >= 2 && args[0] == "--seconds" ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0.3;
string variant = Avx2.IsSupported ? "avx2" : "noavx";
GgmlCpu.Load(variant);

const int Rows = 512, Cols = 4096, N = Rows * Cols;
var rng = new Random(1);
float[] x = new float[N];
for (int i = 0; i < N; i++) x[i] = (float)(0.02 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
float[] act = new float[Cols];
for (int i = 0; i < Cols; i++) act[i] = (float)(rng.NextDouble() - 0.5);

var rows = new List<(string Kernel, string Unit, double Wren, double Ggml)>();

unsafe
{
    foreach ((GgmlType type, string name) in new[] { (GgmlType.Q8_0, "q8_0"), (GgmlType.Q4_0, "q4_0"), (GgmlType.Q4_K, "q4_K"), (GgmlType.Q6_K, "q6_K") })
    {
        byte[] q = new byte[GgmlTypeTraits.RowSize(type, N)];
        float[] y = new float[N];
        int n = type is GgmlType.Q4_K or GgmlType.Q6_K ? N / 16 : N; // the K-quant searches are slow: time a slice
        var quantizeRef = GgmlCpu.QuantizeRef(name);
        double wrenQ = Rate(() => GgmlQuantizer.Quantize(type, x.AsSpan(0, n), q), n);
        double ggmlQ = Rate(() => { fixed (float* px = x) fixed (byte* pq = q) quantizeRef(px, pq, n); }, n);
        rows.Add(($"quantize {name} (reference)", "M values/s", wrenQ, ggmlQ));

        GgmlQuantizer.Quantize(type, x, q);
        var dequantize = GgmlCpu.Dequantize(name);
        double wrenD = Rate(() => GgmlQuantizer.Dequantize(type, q, y), N);
        double ggmlD = Rate(() => { fixed (byte* pq = q) fixed (float* py = y) dequantize(pq, py, N); }, N);
        rows.Add(($"dequantize {name}", "M values/s", wrenD, ggmlD));
    }

    // Activation quantization (ggml's vectorised from_float for Q8_0) and matrix-vector products.
    var (fromFloatQ8, vecDotQ8) = GgmlCpu.Traits((int)GgmlType.Q8_0);
    var (_, vecDotQ4) = GgmlCpu.Traits((int)GgmlType.Q4_0);
    var fromFloat = (delegate* unmanaged<float*, byte*, long, void>)fromFloatQ8;
    byte[] actQ = new byte[GgmlTypeTraits.RowSize(GgmlType.Q8_0, Cols)];
    double wrenA = Rate(() => Q8_0Format.Quantize(act, actQ), Cols);
    double ggmlA = Rate(() => { fixed (float* pa = act) fixed (byte* pq = actQ) fromFloat(pa, pq, Cols); }, Cols);
    rows.Add(("quantize activations q8_0 (vector)", "M values/s", wrenA, ggmlA));

    foreach ((GgmlType type, nint vecDot) in new[] { (GgmlType.Q8_0, vecDotQ8), (GgmlType.Q4_0, vecDotQ4) })
    {
        byte[] w = new byte[GgmlTypeTraits.RowSize(type, N)];
        GgmlQuantizer.Quantize(type, x, w);
        int rowBytes = (int)GgmlTypeTraits.RowSize(type, Cols);
        float[] outW = new float[Rows], outG = new float[Rows];
        var dot = (delegate* unmanaged<int, float*, nuint, byte*, nuint, byte*, nuint, int, void>)vecDot;
        double wrenMv = Rate(() =>
        {
            for (int r = 0; r < Rows; r++)
                outW[r] = type == GgmlType.Q8_0
                    ? QuantizedDot.DotQ8_0(w.AsSpan(r * rowBytes, rowBytes), actQ, Cols)
                    : QuantizedDot.DotQ4_0Q8_0(w.AsSpan(r * rowBytes, rowBytes), actQ, Cols);
        }, N);
        double ggmlMv = Rate(() =>
        {
            fixed (byte* pw = w) fixed (byte* pa = actQ) fixed (float* po = outG)
                for (int r = 0; r < Rows; r++) dot(Cols, po + r, 0, pw + r * rowBytes, 0, pa, 0, 1);
        }, N);
        double worst = 0;
        for (int r = 0; r < Rows; r++) worst = Math.Max(worst, Math.Abs(outW[r] - outG[r]) / (Math.Abs(outG[r]) + 1e-3));
        rows.Add(($"mat-vec {GgmlTypeTraits.Name(type)} x q8_0 ({Rows}x{Cols}, max rel diff {worst:E1})", "M weights/s", wrenMv, ggmlMv));
    }
}

var table = new Table().Border(TableBorder.Rounded)
    .Title($"Wren vs ggml ({variant} build from LLamaSharp.Backend.Cpu 0.30.0), 1 thread")
    .AddColumn("kernel").AddColumn("unit").AddColumn(new TableColumn("Wren").RightAligned())
    .AddColumn(new TableColumn("ggml").RightAligned()).AddColumn(new TableColumn("Wren / ggml").RightAligned());
foreach (var r in rows)
    table.AddRow(Markup.Escape(r.Kernel), r.Unit, $"{r.Wren:F1}", $"{r.Ggml:F1}", $"{r.Wren / r.Ggml:F2}x");
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"CPU features seen by .NET: AVX2 {Avx2.IsSupported}, AVX-VNNI {AvxVnni.IsSupported}, AVX-512F {Avx512F.IsSupported}");

double Rate(Action action, long values)
{
    action(); // warm up (and tier up)
    for (int i = 0; i < 3; i++) action();
    var sw = Stopwatch.StartNew();
    int iterations = 0;
    while (sw.Elapsed.TotalSeconds < seconds) { action(); iterations++; }
    return values * (double)iterations / sw.Elapsed.TotalSeconds / 1e6;
}
