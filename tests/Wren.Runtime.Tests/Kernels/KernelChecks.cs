using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Tests.Kernels;

/// <summary>
/// Every kernel's vector paths (forced, whatever the CPU has) and its public dispatching entry point,
/// compared with the scalar reference on lengths 0..257 and odd shapes. Run in-process by
/// <see cref="KernelTests"/> and again in child processes with AVX-512 or all intrinsics switched off
/// (<see cref="Program"/>), so every path the JIT can pick is exercised on one machine.
/// </summary>
internal static unsafe partial class KernelChecks
{
    private static readonly KernelPath[] Paths = [KernelPath.Scalar, KernelPath.Vector128, KernelPath.Vector256, KernelPath.Vector512];

    /// <summary>Runs all checks; returns one line per failure (empty when all pass).</summary>
    public static List<string> RunAll()
    {
        var failures = new List<string>();
        void Check(string name, Action<List<string>> check)
        {
            try
            {
                check(failures);
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }

        Check("half", HalfConversionIsExact);
        Check("dot", DotAndMultiplyAdd);
        Check("matvec", MatVecMatchesScalar);
        Check("gemm", GemmMatchesReference);
        Check("token-panel-gemm", TokenPanelGemmMatchesReferenceAndScalarBitForBit);
        Check("rmsnorm", RmsNormMatchesScalar);
        Check("swiglu", SwiGluMatchesScalar);
        Check("layernorm", LayerNormMatchesScalar);
        Check("gelu", GeluMatchesScalar);
        Check("batch-equals-rows", ElementwiseKernelsGiveTheSameBitsForABatchAsForItsRows);
        Check("softmax", SoftmaxMatchesScalar);
        Check("rope", RopeMatchesScalar);
        Check("attention", AttentionMatchesScalar);
        Check("quantized-matvec", QuantizedMatVecMatchesScalar);
        Check("quantized-gemm", QuantizedGemmMatchesReference);
        Check("kquant-dot", KQuantDotMatchesScalar);
        Check("quantized-matmul", QuantizedMatMulMatchesMatVecScalar);
        Check("vnni-quantized-gemm", VnniQuantizedGemmMatchesScalarBitForBit);
        Check("prefill-dispatch", PrefillProductsAsDispatchedMatchTheirReferences);
        Check("quantized-vector128", QuantizedVector128PathsMatchScalar);
        Check("min-quant-dots", MinQuantDotsMatchScalar);
        return failures;
    }

    public static void HalfConversionIsExact(List<string> failures)
    {
        // Every one of the 65,536 bit patterns, for both formats, through each path.
        var all = new ushort[65536 + 7];
        for (int i = 0; i < all.Length; i++) all[i] = (ushort)i;
        var expectedF16 = new float[all.Length];
        var expectedBF16 = new float[all.Length];
        for (int i = 0; i < all.Length; i++)
        {
            expectedF16[i] = (float)BitConverter.UInt16BitsToHalf(all[i]);
            expectedBF16[i] = BitConverter.UInt32BitsToSingle((uint)all[i] << 16);
        }

        var actual = new float[all.Length];
        void Compare(string what, float[] expected, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i]) && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                {
                    failures.Add($"{what}: bits 0x{all[i]:X4}: expected {expected[i]}, got {actual[i]}");
                    return;
                }
            }
        }

        foreach (var path in Paths)
        {
            HalfConversion.F16ToSingle(all, actual, path); Compare($"F16 {path}", expectedF16, all.Length);
            HalfConversion.BF16ToSingle(all, actual, path); Compare($"BF16 {path}", expectedBF16, all.Length);
        }

        HalfConversion.F16ToSingle(all, actual); Compare("F16 dispatch", expectedF16, all.Length);
        HalfConversion.BF16ToSingle(all, actual); Compare("BF16 dispatch", expectedBF16, all.Length);
        for (int i = 0; i < all.Length; i++) actual[i] = HalfConversion.F16ToSingle(all[i]);
        Compare("F16 scalar", expectedF16, all.Length);
        for (int n = 0; n <= 40; n++)
        {
            foreach (var path in Paths)
            {
                Array.Clear(actual);
                HalfConversion.F16ToSingle(all.AsSpan(100, n), actual, path); // tails of every length
                for (int i = 0; i < n; i++) if (actual[i] != expectedF16[100 + i]) failures.Add($"F16 {path} tail length {n} index {i}");
                if (actual[n] != 0) failures.Add($"F16 {path} length {n} wrote past its end");
            }
        }

        // Down: ggml's rounding equals .NET's (Half) cast (round to nearest even) on every finite value tried.
        var random = new Random(99);
        for (int t = 0; t < 200_000; t++)
        {
            float v = BitConverter.Int32BitsToSingle(random.Next()) * (random.Next(2) == 0 ? 1 : -1);
            if (float.IsNaN(v)) continue;
            ushort ours = HalfConversion.SingleToF16(v), net = BitConverter.HalfToUInt16Bits((Half)v);
            if (ours != net) { failures.Add($"SingleToF16({v:R}) = 0x{ours:X4}, (Half) gives 0x{net:X4}"); break; }
        }

        float[] samples = [0f, -0f, 1f, -2.5f, 3.14159f, 1e-3f, 65504f, 1e-7f, float.PositiveInfinity];
        foreach (float s in samples)
        {
            if ((float)BitConverter.UInt16BitsToHalf(HalfConversion.SingleToF16(s)) != (float)(Half)s) failures.Add($"SingleToF16({s})");
            float bf = BitConverter.UInt32BitsToSingle((uint)HalfConversion.SingleToBF16(s) << 16);
            if (MathF.Abs(bf - s) > MathF.Abs(s) / 128) failures.Add($"SingleToBF16({s}) = {bf}");
        }
    }

    public static void DotAndMultiplyAdd(List<string> failures)
    {
        var random = new Random(1);
        for (int n = 0; n <= 257; n++)
        {
            var a = RandomVector(random, n);
            var b = RandomVector(random, n);
            float reference = VectorMath.Dot(a, b, KernelPath.Scalar);
            float bound = Bound(a, b);
            double exact = 0;
            for (int i = 0; i < n; i++) exact += (double)a[i] * b[i];
            if (Math.Abs(reference - exact) > bound) failures.Add($"Dot scalar n={n}: {reference} vs {exact}");
            foreach (var path in Paths)
            {
                float got = VectorMath.Dot(a, b, path);
                if (MathF.Abs(got - reference) > bound) failures.Add($"Dot {path} n={n}: {got} vs {reference}");
            }

            if (MathF.Abs(VectorMath.Dot(a, b) - reference) > bound) failures.Add($"Dot dispatch n={n}");

            var y0 = RandomVector(random, n);
            var expected = (float[])y0.Clone();
            VectorMath.MultiplyAdd(0.75f, a, expected, KernelPath.Scalar);
            foreach (var path in Paths)
            {
                var y = (float[])y0.Clone();
                VectorMath.MultiplyAdd(0.75f, a, y, path);
                CompareArrays($"MultiplyAdd {path} n={n}", expected, y, 1e-6f, failures);
            }

            var dispatched = (float[])y0.Clone();
            VectorMath.MultiplyAdd(0.75f, a, dispatched);
            CompareArrays($"MultiplyAdd dispatch n={n}", expected, dispatched, 1e-6f, failures);
            var sum = (float[])y0.Clone();
            VectorMath.Add(a, sum);
            for (int i = 0; i < n; i++) if (sum[i] != y0[i] + a[i]) { failures.Add($"Add n={n} index {i}"); break; }
        }
    }

    /// <summary>
    /// SwiGLU, RMSNorm's scaling, softmax's numerators and RoPE end on a vector, never a scalar, so every element of a
    /// [B, n] span gets the bits it gets in a call for its row alone, on every path and for every row length (the batched
    /// decoder runs B sequences in one call and must give each the ids it gives alone).
    /// </summary>
    public static void ElementwiseKernelsGiveTheSameBitsForABatchAsForItsRows(List<string> failures)
    {
        var random = new Random(19);
        foreach (var path in Paths)
        {
            foreach (int n in new[] { 1, 3, 5, 7, 13, 24, 31, 48, 100, 257 })
            {
                const int rows = 3;
                var gate = RandomVector(random, rows * n + 5, 8);
                var up = RandomVector(random, rows * n + 5);
                var batch = new float[rows * n];
                SwiGlu.Apply(gate.AsSpan(0, rows * n), up.AsSpan(0, rows * n), batch, path);
                for (int r = 0; r < rows; r++)
                {
                    var one = new float[n];
                    SwiGlu.Apply(gate.AsSpan(r * n, n), up.AsSpan(r * n, n), one, path);
                    if (!one.AsSpan().SequenceEqual(batch.AsSpan(r * n, n))) failures.Add($"SwiGlu {path} n={n}: row {r} alone differs from the batch");
                }

                // A shorter row's elements equal the same elements of a longer one (no length-dependent tail).
                var prefix = new float[n];
                SwiGlu.Apply(gate.AsSpan(0, n), up.AsSpan(0, n), prefix, path);
                var longer = new float[n + 5];
                SwiGlu.Apply(gate.AsSpan(0, n + 5), up.AsSpan(0, n + 5), longer, path);
                if (!prefix.AsSpan().SequenceEqual(longer.AsSpan(0, n))) failures.Add($"SwiGlu {path} n={n}: the first n of n+5 differ from n alone");
                if (path != KernelPath.Scalar)
                {
                    // Every vector width computes a lane alike, so all vector paths give the same bits.
                    var wide = new float[rows * n];
                    SwiGlu.Apply(gate.AsSpan(0, rows * n), up.AsSpan(0, rows * n), wide, KernelPaths.Widest == KernelPath.Scalar ? KernelPath.Vector128 : KernelPaths.Widest);
                    if (!wide.AsSpan().SequenceEqual(batch)) failures.Add($"SwiGlu {path} n={n}: differs from the widest path");
                }

                // In place (y = gate), as the decoder calls it.
                var inPlace = gate.AsSpan(0, rows * n).ToArray();
                SwiGlu.Apply(inPlace, up.AsSpan(0, rows * n), inPlace, path);
                if (!inPlace.AsSpan().SequenceEqual(batch)) failures.Add($"SwiGlu {path} n={n}: in place differs");
            }
        }
    }

    public static void MatVecMatchesScalar(List<string> failures)
    {
        var random = new Random(2);
        int[] rowCounts = [0, 1, 3, 4, 5, 9, 17];
        foreach (var dtype in new[] { WeightDType.F32, WeightDType.F16, WeightDType.BF16 })
        {
            for (int k = 0; k <= 257; k += k < 40 ? 1 : 23)
            {
                foreach (int n in rowCounts)
                {
                    using var w = RandomWeights(random, n, k, dtype, out var matrix);
                    var x = RandomVector(random, k);
                    var expected = new float[n];
                    ref byte wr = ref Unsafe.AsRef<byte>((void*)matrix.Data);
                    Run(dtype, KernelPath.Scalar, ref wr, matrix, x, expected);
                    float bound = 1e-5f * (k + 1);
                    foreach (var path in new[] { KernelPath.Vector128, KernelPath.Vector256, KernelPath.Vector512 })
                    {
                        if (k < KernelPaths.Lanes(path)) continue; // the dispatcher narrows the path to fit the row
                        var y = new float[n];
                        Run(dtype, path, ref wr, matrix, x, y);
                        CompareArrays($"MatVec {dtype} {path} [{n},{k}]", expected, y, bound, failures);
                    }

                    if (dtype == WeightDType.F16 && k >= 8 && System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)
                    {
                        var y = new float[n];
                        MatVec.F16Avx2Path(ref wr, (nint)matrix.RowBytes, k, ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y), 0, n);
                        CompareArrays($"MatVec F16 AVX2 (scaled) [{n},{k}]", expected, y, bound, failures);
                    }

                    if (dtype == WeightDType.F16 && k >= 16)
                    {
                        var y = new float[n];
                        MatVec.F16Vector512Path(ref wr, (nint)matrix.RowBytes, k, ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y), 0, n);
                        CompareArrays($"MatVec F16 Vector512 (scaled) [{n},{k}]", expected, y, bound, failures);
                    }

                    if (dtype == WeightDType.F16 && k >= 8)
                    {
                        var y = new float[n];
                        MatVec.F16Vector128Path(ref wr, (nint)matrix.RowBytes, k, ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y), 0, n);
                        CompareArrays($"MatVec F16 Vector128 (scaled) [{n},{k}]", expected, y, bound, failures);
                    }

                    // Dispatch, and a row range in the middle (how workers call it).
                    var yd = new float[n];
                    MatVec.Multiply(matrix, x, yd);
                    CompareArrays($"MatVec {dtype} dispatch [{n},{k}]", expected, yd, bound, failures);
                    if (n >= 3)
                    {
                        var yr = new float[n];
                        MatVec.Multiply(matrix, x, yr, 1, n - 1);
                        if (yr[0] != 0 || yr[n - 1] != 0) failures.Add($"MatVec {dtype} row range wrote outside [1, {n - 1})");
                        CompareArrays($"MatVec {dtype} rows [1,{n - 1})", expected.AsSpan(1, n - 2).ToArray(), yr.AsSpan(1, n - 2).ToArray(), bound, failures);
                    }
                }
            }
        }

        static void Run(WeightDType dtype, KernelPath path, ref byte w, WeightMatrix m, float[] x, float[] y)
        {
            ref float xr = ref MemoryMarshal.GetArrayDataReference(x);
            ref float yr = ref MemoryMarshal.GetArrayDataReference(y);
            nint rowBytes = (nint)m.RowBytes;
            switch (dtype, path)
            {
                case (WeightDType.F32, KernelPath.Vector128): MatVec.Vector128Path<F32Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.F16, KernelPath.Vector128): MatVec.Vector128Path<F16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.BF16, KernelPath.Vector128): MatVec.Vector128Path<BF16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.F32, KernelPath.Scalar): MatVec.ScalarPath<F32Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.F32, KernelPath.Vector256): MatVec.Vector256Path<F32Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.F32, KernelPath.Vector512): MatVec.Vector512Path<F32Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.F16, KernelPath.Scalar): MatVec.ScalarPath<F16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.F16, KernelPath.Vector256): MatVec.Vector256Path<F16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.F16, KernelPath.Vector512): MatVec.Vector512Path<F16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.BF16, KernelPath.Scalar): MatVec.ScalarPath<BF16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.BF16, KernelPath.Vector256): MatVec.Vector256Path<BF16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
                case (WeightDType.BF16, KernelPath.Vector512): MatVec.Vector512Path<BF16Loader>(ref w, rowBytes, m.Cols, ref xr, ref yr, 0, m.Rows); break;
            }
        }
    }

    public static void GemmMatchesReference(List<string> failures)
    {
        var random = new Random(3);
        int[] tokens = [1, 2, 5, 6, 7, 8, 9, 13];
        int[] columns = [1, 15, 16, 17, 33];
        int[] inputs = [1, 7, 64, 255, 256, 257, 300];
        var pack = new float[Gemm.PackLength];
        foreach (var dtype in new[] { WeightDType.F32, WeightDType.F16, WeightDType.BF16 })
        {
            foreach (int t in tokens)
            foreach (int n in columns)
            foreach (int k in inputs)
            {
                using var w = RandomWeights(random, n, k, dtype, out var matrix);
                var x = RandomVector(random, t * k);
                var expected = new float[t * n];
                Gemm.Reference(x, t, matrix, expected);
                float bound = 1e-5f * (k + 1);
                foreach (var path in Paths)
                {
                    var y = new float[t * n];
                    fixed (float* xp = x)
                    fixed (float* yp = y)
                    fixed (float* pp = pack)
                    {
                        Gemm.Run(path, xp, t, matrix, yp, n, 0, Gemm.PanelCount(n), pp);
                    }

                    CompareArrays($"Gemm {dtype} {path} T={t} N={n} K={k}", expected, y, bound, failures);
                }

                var yd = new float[t * n];
                Gemm.MultiplyTransposed(x, t, matrix, yd);
                CompareArrays($"Gemm {dtype} dispatch T={t} N={n} K={k}", expected, yd, bound, failures);
            }
        }
    }

    /// <summary>
    /// The F32 prefill product with the tokens packed (token counts that fill, half-fill and overrun the 32-token panels; row
    /// ranges that start and end mid-tile; K of 1 to 257): near the reference dot products, the Vector512 kernel (forced,
    /// emulated where the CPU lacks AVX-512) bit for bit the scalar path, nothing written outside its rows.
    /// </summary>
    public static void TokenPanelGemmMatchesReferenceAndScalarBitForBit(List<string> failures)
    {
        var random = new Random(37);
        foreach (int t in new[] { 1, 5, 16, 31, 32, 33, 70 })
            foreach (int n in new[] { 1, 7, 8, 9, 17, 33 })
                foreach (int k in new[] { 1, 7, 64, 257 })
                {
                    using var w = RandomWeights(random, n, k, WeightDType.F32, out var matrix);
                    var x = RandomVector(random, t * k);
                    var expected = new float[t * n];
                    Gemm.Reference(x, t, matrix, expected);
                    var panels = new float[TokenPanelGemm.PanelFloats(t, k)];
                    TokenPanelGemm.Pack(x, t, k, panels);
                    int ldy = n + 2, r0 = n > 8 ? 3 : 0;
                    var scalar = new float[t * ldy];
                    TokenPanelGemm.Multiply(KernelPath.Scalar, matrix, panels, t, scalar, ldy, r0, n);
                    var vector = new float[t * ldy];
                    TokenPanelGemm.Multiply(KernelPath.Vector512, matrix, panels, t, vector, ldy, r0, n);
                    var dispatch = new float[t * ldy];
                    TokenPanelGemm.Multiply(matrix, panels, t, dispatch, ldy, r0, n);
                    float bound = 1e-5f * (k + 1);
                    for (int i = 0; i < t; i++)
                        for (int r = 0; r < ldy; r++)
                        {
                            int at = i * ldy + r;
                            if (r < r0 || r >= n)
                            {
                                if (scalar[at] != 0 || vector[at] != 0 || dispatch[at] != 0) failures.Add($"TokenPanelGemm T={t} N={n} wrote [{i},{r}] outside rows [{r0}, {n})");
                                continue;
                            }

                            if (MathF.Abs(scalar[at] - expected[i * n + r]) > bound) failures.Add($"TokenPanelGemm scalar T={t} N={n} K={k} [{i},{r}]: {scalar[at]} vs reference {expected[i * n + r]}");
                            if (BitConverter.SingleToUInt32Bits(vector[at]) != BitConverter.SingleToUInt32Bits(scalar[at])) failures.Add($"TokenPanelGemm Vector512 T={t} N={n} K={k} [{i},{r}]: {vector[at]} vs scalar {scalar[at]}");
                            if (BitConverter.SingleToUInt32Bits(dispatch[at]) != BitConverter.SingleToUInt32Bits(scalar[at])) failures.Add($"TokenPanelGemm dispatch T={t} N={n} K={k} [{i},{r}]: {dispatch[at]} vs scalar {scalar[at]}");
                        }
                }
    }

    public static void RmsNormMatchesScalar(List<string> failures)
    {
        var random = new Random(4);
        for (int n = 1; n <= 257; n++)
        {
            var x = RandomVector(random, n);
            var w = RandomVector(random, n);
            var expected = new float[n];
            RmsNorm.Apply(x, w, 1e-5f, expected, KernelPath.Scalar);
            for (int i = 0; i < n; i++)
            {
                double ms = 0;
                for (int j = 0; j < n; j++) ms += (double)x[j] * x[j];
                double want = w[i] * x[i] / Math.Sqrt(ms / n + 1e-5);
                if (Math.Abs(want - expected[i]) > 1e-5 * (1 + Math.Abs(want))) failures.Add($"RmsNorm scalar n={n} i={i}: {expected[i]} vs {want}");
            }

            foreach (var path in Paths)
            {
                var y = new float[n];
                RmsNorm.Apply(x, w, 1e-5f, y, path);
                CompareArrays($"RmsNorm {path} n={n}", expected, y, 1e-5f, failures);
            }
        }
    }

    /// <summary>
    /// LayerNorm with a bias (Phi-2) against a double-precision reference, each path against the scalar one, in place; rows
    /// offset by a large mean (the variance must not cancel) and constant rows (variance 0: y = bias).
    /// </summary>
    public static void LayerNormMatchesScalar(List<string> failures)
    {
        var random = new Random(41);
        for (int n = 1; n <= 257; n++)
        {
            var x = RandomVector(random, n, 3);
            float offset = n % 3 == 0 ? 1000f : 0f;
            for (int i = 0; i < n; i++) x[i] += offset;
            if (n % 50 == 0) Array.Fill(x, 7f);
            var w = RandomVector(random, n);
            var bias = RandomVector(random, n);
            var expected = new float[n];
            LayerNorm.Apply(x, w, bias, 1e-5f, expected, KernelPath.Scalar);
            double mean = 0, variance = 0;
            for (int j = 0; j < n; j++) mean += x[j];
            mean /= n;
            for (int j = 0; j < n; j++) variance += (x[j] - mean) * (x[j] - mean);
            variance /= n;
            for (int i = 0; i < n; i++)
            {
                double want = w[i] * (x[i] - mean) / Math.Sqrt(variance + 1e-5) + bias[i];
                // float32 x loses its low bits under a mean of 1000: the reference's own input error, scaled by 1/σ.
                double bound = 1e-5 * (1 + Math.Abs(want)) + (offset > 0 ? 1e-4 * Math.Abs(w[i]) * 1000 / Math.Sqrt(variance + 1e-5) : 0);
                if (Math.Abs(want - expected[i]) > bound) { failures.Add($"LayerNorm scalar n={n} i={i}: {expected[i]} vs {want}"); break; }
            }

            foreach (var path in Paths)
            {
                var y = new float[n];
                LayerNorm.Apply(x, w, bias, 1e-5f, y, path);
                CompareArrays($"LayerNorm {path} n={n}", expected, y, 1e-4f, failures);
                var inPlace = (float[])x.Clone();
                LayerNorm.Apply(inPlace, w, bias, 1e-5f, inPlace, path);
                if (!inPlace.AsSpan().SequenceEqual(y)) failures.Add($"LayerNorm {path} n={n}: in place differs");
            }

            var dispatched = new float[n];
            LayerNorm.Apply(x, w, bias, 1e-5f, dispatched);
            CompareArrays($"LayerNorm dispatch n={n}", expected, dispatched, 1e-4f, failures);
        }
    }

    /// <summary>
    /// Phi-2's GELU (tanh approximation) against transformers' gelu_new formula in double precision over [-12, 12] (both
    /// tails included: -0 below, x above), each path against the scalar one; every vector path gives the same bits, a
    /// [B, n] call equals its rows one by one, and in place equals out of place.
    /// </summary>
    public static void GeluMatchesScalar(List<string> failures)
    {
        var random = new Random(43);
        foreach (int n in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 257 })
        {
            var x = RandomVector(random, n, 12);
            var expected = new float[n];
            Gelu.Apply(x, expected, KernelPath.Scalar);
            for (int i = 0; i < n; i++)
            {
                double v = x[i], want = 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                if (Math.Abs(want - expected[i]) > 2e-6 * (1 + Math.Abs(want))) { failures.Add($"Gelu scalar n={n} x={x[i]}: {expected[i]} vs {want}"); break; }
            }

            float[]? firstVector = null;
            foreach (var path in Paths)
            {
                var y = new float[n];
                Gelu.Apply(x, y, path);
                CompareArrays($"Gelu {path} n={n}", expected, y, 2e-6f, failures);
                var inPlace = (float[])x.Clone();
                Gelu.Apply(inPlace, inPlace, path);
                if (!inPlace.AsSpan().SequenceEqual(y)) failures.Add($"Gelu {path} n={n}: in place differs");
                if (path == KernelPath.Scalar || n == 0) continue;
                if (firstVector is null) firstVector = y;
                else if (!firstVector.AsSpan().SequenceEqual(y)) failures.Add($"Gelu {path} n={n}: differs from the other vector paths");
                const int rows = 3;
                var many = RandomVector(random, rows * n, 12);
                var batch = new float[rows * n];
                Gelu.Apply(many, batch, path);
                for (int r = 0; r < rows; r++)
                {
                    var one = new float[n];
                    Gelu.Apply(many.AsSpan(r * n, n), one, path);
                    if (!one.AsSpan().SequenceEqual(batch.AsSpan(r * n, n))) failures.Add($"Gelu {path} n={n}: row {r} alone differs from the batch");
                }
            }

            var dispatched = new float[n];
            Gelu.Apply(x, dispatched);
            CompareArrays($"Gelu dispatch n={n}", expected, dispatched, 2e-6f, failures);
        }
    }

    public static void SwiGluMatchesScalar(List<string> failures)
    {
        var random = new Random(5);
        for (int n = 0; n <= 257; n++)
        {
            var g = RandomVector(random, n, 8);
            var u = RandomVector(random, n);
            var expected = new float[n];
            SwiGlu.Apply(g, u, expected, KernelPath.Scalar);
            for (int i = 0; i < n; i++)
            {
                double want = g[i] / (1 + Math.Exp(-g[i])) * u[i];
                if (Math.Abs(want - expected[i]) > 1e-5 * (1 + Math.Abs(want))) failures.Add($"SwiGlu scalar n={n} i={i}");
            }

            foreach (var path in Paths)
            {
                var y = new float[n];
                SwiGlu.Apply(g, u, y, path);
                CompareArrays($"SwiGlu {path} n={n}", expected, y, 1e-5f, failures);
            }
        }
    }

    public static void SoftmaxMatchesScalar(List<string> failures)
    {
        var random = new Random(6);
        for (int n = 0; n <= 257; n++)
        {
            var x = RandomVector(random, n, 10);
            var expected = (float[])x.Clone();
            Softmax.Apply(expected, KernelPath.Scalar);
            if (n > 0 && MathF.Abs(expected.Sum() - 1) > 1e-5f) failures.Add($"Softmax scalar n={n} sums to {expected.Sum()}");
            foreach (var path in Paths)
            {
                var y = (float[])x.Clone();
                Softmax.Apply(y, path);
                CompareArrays($"Softmax {path} n={n}", expected, y, 1e-6f, failures);
            }
        }
    }

    public static void RopeMatchesScalar(List<string> failures)
    {
        var random = new Random(7);
        foreach (int d in new[] { 2, 4, 6, 16, 18, 32, 34, 64, 66, 128, 130, 256 })
        {
            foreach (int heads in new[] { 1, 3 })
            {
                var x = RandomVector(random, heads * d);
                var cos = RandomVector(random, d / 2);
                var sin = RandomVector(random, d / 2);
                var expected = (float[])x.Clone();
                Rope.Apply(expected, heads, d, cos, sin, KernelPath.Scalar);
                for (int h = 0; h < heads; h++)
                {
                    // rotate_half: x * cos_full + rotate_half(x) * sin_full, cos_full = cat(cos, cos).
                    for (int i = 0; i < d; i++)
                    {
                        int j = i % (d / 2);
                        float rotated = i < d / 2 ? -x[h * d + i + d / 2] : x[h * d + i - d / 2];
                        float want = x[h * d + i] * cos[j] + rotated * sin[j];
                        if (MathF.Abs(want - expected[h * d + i]) > 1e-5f) failures.Add($"Rope scalar D={d} head {h} i={i}");
                    }
                }

                foreach (var path in Paths)
                {
                    var y = (float[])x.Clone();
                    Rope.Apply(y, heads, d, cos, sin, path);
                    CompareArrays($"Rope {path} D={d} heads={heads}", expected, y, 1e-6f, failures);
                }
            }
        }
    }

    public static void AttentionMatchesScalar(List<string> failures)
    {
        var random = new Random(8);
        foreach (int d in new[] { 1, 8, 16, 17, 64, 128 })
        {
            foreach (int s in new[] { 1, 2, 7, 33, 257 })
            {
                var q = RandomVector(random, d);
                var k = RandomVector(random, s * d);
                var v = RandomVector(random, s * d);
                float scale = 1f / MathF.Sqrt(d);
                var scores = new float[s];
                var expected = new float[d];
                Attention.Attend(q, k, v, s, scale, scores, expected, KernelPath.Scalar);

                // Straight from the definition, in double.
                var p = new double[s];
                double max = double.NegativeInfinity, sum = 0;
                for (int j = 0; j < s; j++)
                {
                    double dot = 0;
                    for (int i = 0; i < d; i++) dot += (double)q[i] * k[j * d + i];
                    p[j] = dot * scale;
                    max = Math.Max(max, p[j]);
                }

                for (int j = 0; j < s; j++) sum += p[j] = Math.Exp(p[j] - max);
                for (int i = 0; i < d; i++)
                {
                    double want = 0;
                    for (int j = 0; j < s; j++) want += p[j] / sum * v[j * d + i];
                    if (Math.Abs(want - expected[i]) > 1e-5) failures.Add($"Attention scalar D={d} S={s} i={i}: {expected[i]} vs {want}");
                }

                foreach (var path in Paths)
                {
                    var y = new float[d];
                    Attention.Attend(q, k, v, s, scale, scores, y, path);
                    CompareArrays($"Attention {path} D={d} S={s}", expected, y, 1e-5f, failures);
                }
            }
        }
    }

    private static float[] RandomVector(Random random, int n, float scale = 1)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return v;
    }

    private static NativeBuffer RandomWeights(Random random, int rows, int cols, WeightDType dtype, out WeightMatrix matrix)
    {
        long count = (long)rows * cols;
        // One spare byte in front so rows start unaligned, as they may in a memory-mapped file.
        var buffer = new NativeBuffer(count * 4 + 64);
        nint data = buffer.Pointer + 2;
        for (long i = 0; i < count; i++)
        {
            float value = (float)(random.NextDouble() * 2 - 1);
            switch (dtype)
            {
                case WeightDType.F32: Unsafe.WriteUnaligned((void*)(data + (nint)(i * 4)), value); break;
                case WeightDType.F16: Unsafe.WriteUnaligned((void*)(data + (nint)(i * 2)), HalfConversion.SingleToF16(value)); break;
                case WeightDType.BF16: Unsafe.WriteUnaligned((void*)(data + (nint)(i * 2)), HalfConversion.SingleToBF16(value)); break;
            }
        }

        matrix = new WeightMatrix(data, dtype, rows, cols);
        return buffer;
    }

    private static float Bound(float[] a, float[] b)
    {
        float s = 0;
        for (int i = 0; i < a.Length; i++) s += MathF.Abs(a[i] * b[i]);
        return 1e-6f * (s + 1);
    }

    private static void CompareArrays(string what, float[] expected, float[] actual, float tolerance, List<string> failures)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            float diff = MathF.Abs(expected[i] - actual[i]);
            if (!(diff <= tolerance * (1 + MathF.Abs(expected[i]))))
            {
                failures.Add($"{what}: index {i}: expected {expected[i]}, got {actual[i]}");
                return;
            }
        }
    }

    private static (Wren.Runtime.Quantization.GgmlType Type, WeightDType DType)[] QuantizedTypes =>
    [
        (Wren.Runtime.Quantization.GgmlType.Q8_0, WeightDType.Q8_0),
        (Wren.Runtime.Quantization.GgmlType.Q4_0, WeightDType.Q4_0),
        (Wren.Runtime.Quantization.GgmlType.Q5_0, WeightDType.Q5_0),
        (Wren.Runtime.Quantization.GgmlType.Q4_K, WeightDType.Q4_K),
        (Wren.Runtime.Quantization.GgmlType.Q6_K, WeightDType.Q6_K),
    ];

    /// <summary>Rows [N, K] of random values quantized to <paramref name="type"/>, held in a pinned array.</summary>
    private static (byte[] Bytes, float[] Values) QuantizedRows(Wren.Runtime.Quantization.GgmlType type, WeightDType dtype, int n, int k, Random random)
    {
        var values = new float[n * k];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * (1 + i % 7);
        long rowBytes = WeightMatrix.RowBytesOf(dtype, k);
        var bytes = GC.AllocateArray<byte>((int)(rowBytes * n), pinned: true);
        for (int r = 0; r < n; r++)
            Wren.Runtime.Quantization.GgmlQuantizer.Quantize(type, values.AsSpan(r * k, k), bytes.AsSpan((int)(r * rowBytes), (int)rowBytes));
        return (bytes, values);
    }

    public static void QuantizedMatVecMatchesScalar(List<string> failures)
    {
        var random = new Random(11);
        foreach (var (type, dtype) in QuantizedTypes)
        {
            int block = WeightMatrix.BlockSizeOf(dtype);
            foreach (int blocks in new[] { 1, 2, 3, 5, 9 })
                foreach (int n in new[] { 1, 3, 4, 7, 13 })
                {
                    int k = blocks * block;
                    var (bytes, _) = QuantizedRows(type, dtype, n, k, random);
                    var x = new float[k];
                    for (int i = 0; i < k; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                    var xq = new byte[QuantizedMatVec.ActivationBytes(dtype, k)];
                    QuantizedMatVec.QuantizeActivation(dtype, x, xq);
                    fixed (byte* p = bytes)
                    {
                        var w = new WeightMatrix((nint)p, dtype, n, k);
                        var expected = new float[n];
                        QuantizedMatVec.MultiplyScalar(w, x, xq, expected, 0, n);
                        var actual = new float[n];
                        QuantizedMatVec.Multiply(w, x, xq, actual, 0, n);
                        var viaMatVec = new float[n];
                        MatVec.Multiply(w, x, viaMatVec);
                        // Against the float product of the dequantized rows: the Q8_0 activation costs ~1% at most.
                        var rowValues = new float[k];
                        for (int r = 0; r < n; r++)
                        {
                            w.ReadRow(r, rowValues);
                            double exact = 0, magnitude = 0;
                            for (int i = 0; i < k; i++)
                            {
                                exact += (double)rowValues[i] * x[i];
                                magnitude += Math.Abs((double)rowValues[i] * x[i]);
                            }

                            float bound = 1e-4f * (1 + MathF.Abs(expected[r]));
                            if (MathF.Abs(actual[r] - expected[r]) > bound) failures.Add($"QuantizedMatVec {dtype} N={n} K={k} row {r}: {actual[r]} vs scalar {expected[r]}");
                            if (MathF.Abs(viaMatVec[r] - expected[r]) > bound) failures.Add($"MatVec.Multiply {dtype} N={n} K={k} row {r}: {viaMatVec[r]} vs scalar {expected[r]}");
                            if (Math.Abs(expected[r] - exact) > 0.02 * magnitude + 1e-4) failures.Add($"QuantizedMatVec scalar {dtype} N={n} K={k} row {r}: {expected[r]} vs float {exact}");
                        }

                        // A worker's share of the rows [1, n): those rows only, each bit for bit what the one-row dot gives
                        // (the row kernels read the activation scales and group sums once and prefetch, but sum in the same order).
                        var part = new float[n];
                        part[0] = 12345f;
                        QuantizedMatVec.Multiply(w, x, xq, part, 1, n);
                        if (part[0] != 12345f) failures.Add($"QuantizedMatVec {dtype} N={n} K={k}: row 0 written outside [1, {n})");
                        for (int r = 1; r < n; r++)
                        {
                            var row = bytes.AsSpan((int)(r * w.RowBytes), (int)w.RowBytes);
                            float one = dtype switch
                            {
                                WeightDType.Q8_0 => Wren.Runtime.Quantization.QuantizedDot.DotQ8_0(row, xq, k),
                                WeightDType.Q4_0 => Wren.Runtime.Quantization.QuantizedDot.DotQ4_0Q8_0(row, xq, k),
                                WeightDType.Q5_0 => Wren.Runtime.Quantization.Q5_0Dot.Dot(row, xq, k),
                                WeightDType.Q4_K => Wren.Runtime.Quantization.KQuantDot.DotQ4_KQ8_K(row, xq, k),
                                _ => Wren.Runtime.Quantization.KQuantDot.DotQ6_KQ8_K(row, xq, k),
                            };
                            if (BitConverter.SingleToUInt32Bits(part[r]) != BitConverter.SingleToUInt32Bits(one)) failures.Add($"QuantizedMatVec {dtype} N={n} K={k} rows [1, n) row {r}: {part[r]} vs one-row dot {one}");
                        }
                    }
                }
        }
    }

    /// <summary>
    /// Q4_K/Q6_K x Q8_K dot products: the dispatching (AVX2 where present) kernel against the scalar
    /// reference on 1..7 super-blocks, and Q8_K itself against its definition (d * q within d/2 of x,
    /// group sums equal to the sums of the quants).
    /// </summary>
    public static void KQuantDotMatchesScalar(List<string> failures)
    {
        var random = new Random(17);
        foreach (int blocks in new[] { 1, 2, 3, 5, 7 })
        {
            int k = blocks * 256;
            var x = new float[k];
            for (int i = 0; i < k; i++) x[i] = (float)(random.NextDouble() * 2 - 1) * (i % 37 == 0 ? 20 : 1);
            var xq = new byte[Wren.Runtime.Quantization.Q8_KFormat.RowBytes(k)];
            Wren.Runtime.Quantization.Q8_KFormat.Quantize(x, xq);
            for (int b = 0; b < blocks; b++)
            {
                var block = xq.AsSpan(b * Wren.Runtime.Quantization.Q8_KFormat.BlockBytes, Wren.Runtime.Quantization.Q8_KFormat.BlockBytes);
                float d = BitConverter.ToSingle(block);
                var q = MemoryMarshal.Cast<byte, sbyte>(block.Slice(4, 256));
                var sums = MemoryMarshal.Cast<byte, short>(block.Slice(260, 32));
                for (int i = 0; i < 256; i++)
                    if (MathF.Abs(d * q[i] - x[b * 256 + i]) > MathF.Abs(d) * 0.5001f) { failures.Add($"Q8_K block {b} value {i}: {d * q[i]} vs {x[b * 256 + i]}"); break; }
                for (int g = 0; g < 16; g++)
                {
                    int sum = 0;
                    for (int i = 0; i < 16; i++) sum += q[g * 16 + i];
                    if (sums[g] != sum) failures.Add($"Q8_K block {b} group sum {g}: {sums[g]} vs {sum}");
                }
            }

            foreach (var (type, dtype) in new[] { (Wren.Runtime.Quantization.GgmlType.Q4_K, WeightDType.Q4_K), (Wren.Runtime.Quantization.GgmlType.Q6_K, WeightDType.Q6_K) })
            {
                var (bytes, _) = QuantizedRows(type, dtype, 3, k, random);
                int rowBytes = (int)WeightMatrix.RowBytesOf(dtype, k);
                for (int r = 0; r < 3; r++)
                {
                    var row = bytes.AsSpan(r * rowBytes, rowBytes);
                    float expected = dtype == WeightDType.Q4_K ? Wren.Runtime.Quantization.KQuantDot.DotQ4_KQ8_KScalar(row, xq, k) : Wren.Runtime.Quantization.KQuantDot.DotQ6_KQ8_KScalar(row, xq, k);
                    float actual = dtype == WeightDType.Q4_K ? Wren.Runtime.Quantization.KQuantDot.DotQ4_KQ8_K(row, xq, k) : Wren.Runtime.Quantization.KQuantDot.DotQ6_KQ8_K(row, xq, k);
                    if (MathF.Abs(actual - expected) > 1e-4f * (1 + MathF.Abs(expected))) failures.Add($"KQuantDot {dtype} K={k} row {r}: {actual} vs scalar {expected}");
                }
            }
        }
    }

    /// <summary>
    /// The int8 prefill product (every quantized type, odd T and row ranges) equals, token by token, the
    /// scalar reference matrix-vector product on the same quantized activation.
    /// </summary>
    public static void QuantizedMatMulMatchesMatVecScalar(List<string> failures)
    {
        var random = new Random(23);
        foreach (var (type, dtype) in QuantizedTypes)
        {
            int block = WeightMatrix.BlockSizeOf(dtype);
            foreach (int t in new[] { 1, 2, 5, 8, 11 })
                foreach (int n in new[] { 1, 4, 7, 13 })
                {
                    int k = (dtype is WeightDType.Q4_K or WeightDType.Q6_K ? 2 : 3) * block;
                    var (bytes, _) = QuantizedRows(type, dtype, n, k, random);
                    var x = new float[t * k];
                    for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                    int xBytes = QuantizedMatVec.ActivationBytes(dtype, k);
                    var xq = new byte[t * xBytes];
                    QuantizedMatMul.QuantizeRows(dtype, x, t, k, xq);
                    fixed (byte* p = bytes)
                    {
                        var w = new WeightMatrix((nint)p, dtype, n, k);
                        int ldy = n + 2;
                        var y = new float[t * ldy];
                        int r0 = n > 2 ? 1 : 0;
                        QuantizedMatMul.Multiply(w, xq, t, y, ldy, r0, n);
                        for (int i = 0; i < t; i++)
                        {
                            var expected = new float[n];
                            QuantizedMatVec.MultiplyScalar(w, x.AsSpan(i * k, k), xq.AsSpan(i * xBytes, xBytes), expected, 0, n);
                            for (int r = 0; r < n; r++)
                            {
                                float got = y[i * ldy + r];
                                if (r < r0) { if (got != 0) failures.Add($"QuantizedMatMul {dtype} wrote row {r} outside [{r0}, {n})"); continue; }
                                if (MathF.Abs(got - expected[r]) > 1e-4f * (1 + MathF.Abs(expected[r]))) failures.Add($"QuantizedMatMul {dtype} T={t} N={n} K={k} [{i},{r}]: {got} vs scalar {expected[r]}");
                                if (dtype is WeightDType.Q8_0 or WeightDType.Q4_0)
                                {
                                    // Tokens in whole groups of four go through DotX4, the rest through the one-row dot: bit for bit those sums.
                                    var row = bytes.AsSpan((int)(r * w.RowBytes), (int)w.RowBytes);
                                    int group = i - i % 4;
                                    float same;
                                    if (group + 4 <= t)
                                    {
                                        var four = new float[4];
                                        Wren.Runtime.Quantization.QuantizedDot.DotX4(dtype == WeightDType.Q4_0, row, xq.AsSpan(group * xBytes, 4 * xBytes), xBytes, k, four);
                                        same = four[i - group];
                                    }
                                    else
                                    {
                                        var xi = xq.AsSpan(i * xBytes, xBytes);
                                        same = dtype == WeightDType.Q8_0 ? Wren.Runtime.Quantization.QuantizedDot.DotQ8_0(row, xi, k) : Wren.Runtime.Quantization.QuantizedDot.DotQ4_0Q8_0(row, xi, k);
                                    }

                                    if (BitConverter.SingleToUInt32Bits(got) != BitConverter.SingleToUInt32Bits(same))
                                        failures.Add($"QuantizedMatMul {dtype} T={t} N={n} K={k} [{i},{r}]: {got} vs DotX4 / the one-row dot {same}");
                                }
                            }
                        }
                    }
                }
        }
    }

    /// <summary>
    /// The VNNI-tiled prefill product (Q8_0, Q4_0, Q5_0, Q4_K and Q6_K; token counts that fill, half-fill and overrun the 8-token panels;
    /// row ranges that end mid-tile; extreme quants, -128 included) equals, bit for bit, the scalar reference dot of each
    /// weight row with each token's Q8_0 row, and writes nothing outside its rows. Runs where the CPU has AVX-VNNI.
    /// </summary>
    public static void VnniQuantizedGemmMatchesScalarBitForBit(List<string> failures)
    {
        if (!VnniQuantizedGemm.IsSupported) return; // no AVX-VNNI here: the decoder takes the row-by-row product, which PrefillProductsAsDispatchedMatchTheirReferences checks
        var random = new Random(31);
        foreach (var (type, dtype) in new[] { (Wren.Runtime.Quantization.GgmlType.Q8_0, WeightDType.Q8_0), (Wren.Runtime.Quantization.GgmlType.Q4_0, WeightDType.Q4_0), (Wren.Runtime.Quantization.GgmlType.Q5_0, WeightDType.Q5_0), (Wren.Runtime.Quantization.GgmlType.Q4_K, WeightDType.Q4_K), (Wren.Runtime.Quantization.GgmlType.Q6_K, WeightDType.Q6_K) })
            foreach (int t in new[] { 8, 9, 16, 17, 24, 40 })
                foreach (int n in new[] { 1, 4, 6, 13 })
                    foreach (int blocks in dtype is WeightDType.Q4_K or WeightDType.Q6_K ? new[] { 1, 2 } : new[] { 1, 3, 8 })
                    {
                        int k = blocks * WeightMatrix.BlockSizeOf(dtype);
                        var (bytes, _) = QuantizedRows(type, dtype, n, k, random);
                        if (dtype == WeightDType.Q8_0)
                            for (int r = 0; r < n; r++) bytes[r * (int)WeightMatrix.RowBytesOf(dtype, k) + 2 + r % 32] = 0x80; // -128: outside what the quantizer writes, legal in a file
                        var x = new float[t * k];
                        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1) * (i % 11 == 0 ? 100 : 1);
                        int xBytes = QuantizedMatVec.ActivationBytes(dtype, k);
                        var xq = new byte[t * xBytes];
                        QuantizedMatMul.QuantizeRows(dtype, x, t, k, xq);
                        var panels = new byte[VnniQuantizedGemm.PanelBytes(dtype, t, k)];
                        VnniQuantizedGemm.Pack(dtype, xq, t, k, panels);
                        fixed (byte* p = bytes)
                        {
                            var w = new WeightMatrix((nint)p, dtype, n, k);
                            int ldy = n + 1, r0 = n > 4 ? 1 : 0;
                            var y = new float[t * ldy];
                            VnniQuantizedGemm.Multiply(w, panels, t, y, ldy, r0, n);
                            long rowBytes = w.RowBytes;
                            for (int i = 0; i < t; i++)
                                for (int r = 0; r < ldy; r++)
                                {
                                    float got = y[i * ldy + r];
                                    if (r < r0 || r >= n)
                                    {
                                        if (got != 0) failures.Add($"VnniQuantizedGemm {dtype} T={t} N={n} wrote [{i},{r}] outside rows [{r0}, {n})");
                                        continue;
                                    }

                                    var row = bytes.AsSpan((int)(r * rowBytes), (int)rowBytes);
                                    var xi = xq.AsSpan(i * xBytes, xBytes);
                                    float expected = ScalarDot(dtype, row, xi, k);
                                    if (BitConverter.SingleToUInt32Bits(got) != BitConverter.SingleToUInt32Bits(expected))
                                        failures.Add($"VnniQuantizedGemm {dtype} T={t} N={n} K={k} [{i},{r}]: {got} vs scalar {expected}");
                                }
                        }
                    }
    }

    /// <summary>
    /// The prefill products as the decoder dispatches them (<see cref="Wren.Runtime.Models.LinearWork"/>: the VNNI tile or the
    /// row-by-row int8 dots for quantized weights, <see cref="TokenPanelGemm"/> or <see cref="Gemm"/> for F32, whichever this
    /// process's instruction sets choose), split over two workers' chunks: quantized results bit for bit the scalar reference
    /// dots where the VNNI tile runs and within float rounding of them elsewhere, F32 near the reference. Unlike the kernel checks above this runs on every CPU, and the child processes with
    /// AVX-VNNI, AVX-512 or AVX2 switched off take each other path on a machine that has them all.
    /// </summary>
    public static void PrefillProductsAsDispatchedMatchTheirReferences(List<string> failures)
    {
        var random = new Random(41);
        nint[] packs = [Marshal.AllocHGlobal(Gemm.PackLength * sizeof(float)), Marshal.AllocHGlobal(Gemm.PackLength * sizeof(float))];
        try
        {
            var linear = new Wren.Runtime.Models.LinearWork(packs);
            foreach (var (type, dtype) in new[] { (Wren.Runtime.Quantization.GgmlType.Q8_0, WeightDType.Q8_0), (Wren.Runtime.Quantization.GgmlType.Q4_0, WeightDType.Q4_0), (Wren.Runtime.Quantization.GgmlType.Q5_0, WeightDType.Q5_0), (Wren.Runtime.Quantization.GgmlType.Q4_K, WeightDType.Q4_K), (Wren.Runtime.Quantization.GgmlType.Q6_K, WeightDType.Q6_K), (Wren.Runtime.Quantization.GgmlType.F32, WeightDType.F32) })
                foreach (int t in new[] { 1, 8, 17, 40 })
                {
                    int n = 37, k = 2 * (dtype is WeightDType.Q4_K or WeightDType.Q6_K ? 256 : 64);
                    var x = new float[t * k];
                    for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                    var y = new float[t * n];
                    byte[] bytes;
                    if (dtype == WeightDType.F32)
                    {
                        bytes = GC.AllocateArray<byte>(n * k * sizeof(float), pinned: true);
                        MemoryMarshal.AsBytes(RandomVector(random, n * k).AsSpan()).CopyTo(bytes);
                    }
                    else bytes = QuantizedRows(type, dtype, n, k, random).Bytes;
                    fixed (byte* wp = bytes)
                    fixed (float* xp = x)
                    fixed (float* yp = y)
                    {
                        var w = new WeightMatrix((nint)wp, dtype, n, k);
                        linear.Begin(xp, t);
                        linear.Add(w, yp);
                        int chunk = linear.ChunkFor(2);
                        for (int start = 0, worker = 0; start < linear.ItemCount; start += chunk, worker ^= 1)
                            linear.Execute(start, Math.Min(linear.ItemCount, start + chunk), worker);
                        if (dtype == WeightDType.F32)
                        {
                            var expected = new float[t * n];
                            Gemm.Reference(x, t, w, expected);
                            CompareArrays($"prefill dispatch F32 T={t}", expected, y, 1e-5f * (k + 1), failures);
                            continue;
                        }

                        int xBytes = QuantizedMatVec.ActivationBytes(dtype, k);
                        var xq = new byte[t * xBytes];
                        QuantizedMatMul.QuantizeRows(dtype, x, t, k, xq);
                        long rowBytes = w.RowBytes;
                        // The VNNI tile promises the scalar dots' bits; the row-by-row dots (and the decode mat-vec at T = 1) sum
                        // the blocks in their vector order, within float rounding of them.
                        bool tile = VnniQuantizedGemm.Handles(dtype, t);
                        for (int i = 0; i < t; i++)
                            for (int r = 0; r < n; r++)
                            {
                                var row = bytes.AsSpan((int)(r * rowBytes), (int)rowBytes);
                                var xi = xq.AsSpan(i * xBytes, xBytes);
                                float expected = ScalarDot(dtype, row, xi, k);
                                float got = y[i * n + r];
                                bool same = tile ? BitConverter.SingleToUInt32Bits(got) == BitConverter.SingleToUInt32Bits(expected) : MathF.Abs(got - expected) <= 1e-4f * (1 + MathF.Abs(expected));
                                if (!same) failures.Add($"prefill dispatch {dtype} T={t} K={k} [{i},{r}] (VNNI tile: {tile}): {got} vs scalar {expected}");
                            }
                    }
                }
        }
        finally
        {
            foreach (nint p in packs) Marshal.FreeHGlobal(p);
        }
    }

    /// <summary>The scalar reference dot of a Q8_0, Q4_0, Q5_0, Q4_K or Q6_K weight row with a token's Q8_0 (Q8_K) row.</summary>
    private static float ScalarDot(WeightDType dtype, ReadOnlySpan<byte> row, ReadOnlySpan<byte> xq, int k) => dtype switch
    {
        WeightDType.Q8_0 => Wren.Runtime.Quantization.QuantizedDot.DotQ8_0Scalar(row, xq, k),
        WeightDType.Q4_0 => Wren.Runtime.Quantization.QuantizedDot.DotQ4_0Q8_0Scalar(row, xq, k),
        WeightDType.Q5_0 => Wren.Runtime.Quantization.Q5_0Dot.DotScalar(row, xq, k),
        WeightDType.Q4_K => Wren.Runtime.Quantization.KQuantDot.DotQ4_KQ8_KScalar(row, xq, k),
        _ => Wren.Runtime.Quantization.KQuantDot.DotQ6_KQ8_KScalar(row, xq, k),
    };

    /// <summary>
    /// The 128-bit quantized kernels, forced whatever the CPU has: each int8 dot variant this CPU runs (SDOT, AdvSimd
    /// widening multiply-adds under ARM64; SSSE3 on x86; the portable one everywhere) against the integer sum; Q8_0, Q4_0,
    /// Q4_K and Q6_K dots (one row, four rows, the row kernel bit for bit against the one-row dot) against the scalar
    /// references; Q8_0 activation quantization bit for bit against the scalar one.
    /// </summary>
    public static void QuantizedVector128PathsMatchScalar(List<string> failures)
    {
        if (!System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated) return; // the portable Vector128 code would be emulated: nothing of ours to check
        var random = new Random(29);
        for (int t = 0; t < 2000; t++)
        {
            var x = new sbyte[16];
            var y = new sbyte[16];
            for (int i = 0; i < 16; i++)
            {
                x[i] = (sbyte)random.Next(-127, 128);
                y[i] = (sbyte)random.Next(-127, 128);
            }

            int expected = 7;
            for (int i = 0; i < 16; i++) expected += x[i] * y[i];
            var xv = System.Runtime.Intrinsics.Vector128.Create(x);
            var yv = System.Runtime.Intrinsics.Vector128.Create(y);
            var seven = System.Runtime.Intrinsics.Vector128.Create(7, 0, 0, 0);
            void Expect(string variant, System.Runtime.Intrinsics.Vector128<int> got)
            {
                if (System.Runtime.Intrinsics.Vector128.Sum(got) != expected) failures.Add($"Int8Dot {variant}: {System.Runtime.Intrinsics.Vector128.Sum(got)} vs {expected}");
            }

            Expect("dispatch", Wren.Runtime.Quantization.Int8Dot.MultiplyAdd(seven, xv, yv));
            Expect("portable", seven + Wren.Runtime.Quantization.Int8Dot.Portable(xv, yv));
            if (System.Runtime.Intrinsics.X86.Ssse3.IsSupported) Expect("ssse3", seven + Wren.Runtime.Quantization.Int8Dot.SignTrickSsse3(xv, yv));
            if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) Expect("advsimd", Wren.Runtime.Quantization.Int8Dot.WideningAdvSimd(seven, xv, yv));
            if (System.Runtime.Intrinsics.Arm.Dp.IsSupported) Expect("sdot", System.Runtime.Intrinsics.Arm.Dp.DotProduct(seven, xv, yv));
        }

        foreach (var (type, dtype) in QuantizedTypes)
        {
            int block = WeightMatrix.BlockSizeOf(dtype);
            bool kQuant = dtype is WeightDType.Q4_K or WeightDType.Q6_K;
            // The four-token and row kernels of QuantizedDot are Q8_0's and Q4_0's; Q5_0's row kernel is checked on its own.
            bool byFour = dtype is WeightDType.Q8_0 or WeightDType.Q4_0;
            foreach (int blocks in new[] { 1, 2, 3, 5 })
            {
                int k = blocks * block, n = 5;
                var (bytes, _) = QuantizedRows(type, dtype, n, k, random);
                int rowBytes = (int)WeightMatrix.RowBytesOf(dtype, k);
                var x = new float[4 * k];
                for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                int xBytes = QuantizedMatVec.ActivationBytes(dtype, k);
                var xq = new byte[4 * xBytes];
                QuantizedMatMul.QuantizeRows(dtype, x, 4, k, xq);
                if (!kQuant)
                {
                    var scalarQ = new byte[xBytes];
                    var vectorQ = new byte[xBytes];
                    Wren.Runtime.Quantization.Q8_0Format.QuantizeScalar(x.AsSpan(0, k), scalarQ);
                    Wren.Runtime.Quantization.Q8_0Format.QuantizeVector128(x.AsSpan(0, k), vectorQ, k / 32);
                    if (!scalarQ.AsSpan().SequenceEqual(vectorQ)) failures.Add($"Q8_0 QuantizeVector128 K={k} differs from the scalar bits");
                }

                var rowsOut = new float[n];
                if (!kQuant)
                {
                    fixed (byte* p = bytes)
                    {
                        if (byFour) Wren.Runtime.Quantization.QuantizedDot.RowsVector128(dtype == WeightDType.Q4_0, ref *p, rowBytes, xq.AsSpan(0, xBytes), blocks, ref rowsOut[0], 0, n);
                        else Wren.Runtime.Quantization.Q5_0Dot.RowsVector128(ref *p, rowBytes, xq.AsSpan(0, xBytes), blocks, ref rowsOut[0], 0, n);
                    }
                }

                for (int r = 0; r < n; r++)
                {
                    var row = bytes.AsSpan(r * rowBytes, rowBytes);
                    var four = new float[4];
                    if (byFour) Wren.Runtime.Quantization.QuantizedDot.DotX4Vector128(dtype == WeightDType.Q4_0, row, xq, xBytes, blocks, four);
                    for (int j = 0; j < 4; j++)
                    {
                        var xj = xq.AsSpan(j * xBytes, xBytes);
                        float expected = dtype switch
                        {
                            WeightDType.Q8_0 => Wren.Runtime.Quantization.QuantizedDot.DotQ8_0Scalar(row, xj, k),
                            WeightDType.Q4_0 => Wren.Runtime.Quantization.QuantizedDot.DotQ4_0Q8_0Scalar(row, xj, k),
                            WeightDType.Q5_0 => Wren.Runtime.Quantization.Q5_0Dot.DotScalar(row, xj, k),
                            WeightDType.Q4_K => Wren.Runtime.Quantization.KQuantDot.DotQ4_KQ8_KScalar(row, xj, k),
                            _ => Wren.Runtime.Quantization.KQuantDot.DotQ6_KQ8_KScalar(row, xj, k),
                        };
                        float got = dtype switch
                        {
                            WeightDType.Q8_0 => Wren.Runtime.Quantization.QuantizedDot.DotVector128(false, row, xj, blocks),
                            WeightDType.Q4_0 => Wren.Runtime.Quantization.QuantizedDot.DotVector128(true, row, xj, blocks),
                            WeightDType.Q5_0 => Q5_0Vector128(row, xj, blocks),
                            WeightDType.Q4_K => Wren.Runtime.Quantization.KQuantDot.DotQ4_KVector128(row, xj, blocks),
                            _ => Wren.Runtime.Quantization.KQuantDot.DotQ6_KVector128(row, xj, blocks),
                        };
                        float bound = 1e-4f * (1 + MathF.Abs(expected));
                        if (MathF.Abs(got - expected) > bound) failures.Add($"{dtype} Vector128 K={k} row {r} x{j}: {got} vs scalar {expected}");
                        if (byFour && MathF.Abs(four[j] - expected) > bound) failures.Add($"{dtype} DotX4Vector128 K={k} row {r} x{j}: {four[j]} vs scalar {expected}");
                        if (!kQuant && j == 0 && BitConverter.SingleToUInt32Bits(rowsOut[r]) != BitConverter.SingleToUInt32Bits(got))
                            failures.Add($"{dtype} RowsVector128 K={k} row {r}: {rowsOut[r]} vs the one-row dot {got}");
                    }
                }
            }
        }
    }

    private static unsafe float Q5_0Vector128(ReadOnlySpan<byte> row, ReadOnlySpan<byte> xq, int blocks)
    {
        float result = 0;
        fixed (byte* p = row) Wren.Runtime.Quantization.Q5_0Dot.RowsVector128(ref *p, row.Length, xq, blocks, ref result, 0, 1);
        return result;
    }

    public static void QuantizedGemmMatchesReference(List<string> failures)
    {
        var random = new Random(12);
        foreach (var (type, dtype) in QuantizedTypes)
        {
            int block = WeightMatrix.BlockSizeOf(dtype);
            foreach (var (t, n, blocks) in new[] { (1, 5, 1), (7, 17, 3), (13, 33, 2) })
            {
                int k = blocks * block;
                var (bytes, _) = QuantizedRows(type, dtype, n, k, random);
                var x = new float[t * k];
                for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
                fixed (byte* p = bytes)
                {
                    var w = new WeightMatrix((nint)p, dtype, n, k);
                    var expected = new float[t * n];
                    Gemm.Reference(x, t, w, expected);
                    var actual = new float[t * n];
                    Gemm.MultiplyTransposed(x, t, w, actual);
                    for (int i = 0; i < expected.Length; i++)
                        if (MathF.Abs(actual[i] - expected[i]) > 1e-3f * (1 + MathF.Abs(expected[i]))) failures.Add($"Gemm {dtype} T={t} N={n} K={k} index {i}: {actual[i]} vs {expected[i]}");
                }
            }
        }
    }
}
