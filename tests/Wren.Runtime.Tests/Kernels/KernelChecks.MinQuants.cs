using Wren.Runtime.Kernels;
using Wren.Runtime.Quantization;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Tests.Kernels;

internal static unsafe partial class KernelChecks
{
    /// <summary>
    /// Q4_1 and Q5_1 rows against Q8_1 activations: Q8_1's quantizer against its scalar reference and Q8_0's quants, each
    /// dot path (AVX2 through the dispatch, Vector128 forced, scalar) against the reference, the row kernels bit for bit
    /// with the one-row dot, the matrix-vector and prefill products against theirs, and the scalar reference against the
    /// float product of the dequantized rows (the activation's 8 bits cost ~1%).
    /// </summary>
    public static void MinQuantDotsMatchScalar(List<string> failures)
    {
        var random = new Random(23);
        foreach (var (type, dtype) in new[] { (GgmlType.Q4_1, WeightDType.Q4_1), (GgmlType.Q5_1, WeightDType.Q5_1) })
        {
            bool q5 = dtype == WeightDType.Q5_1;
            foreach (int blocks in new[] { 1, 2, 3, 5, 9 })
            {
                int k = blocks * 32, n = 7, t = 5;
                // Offsets and spreads that vary per block, so the minimum term matters.
                var (bytes, _) = QuantizedRows(type, dtype, n, k, random);
                int rowBytes = (int)WeightMatrix.RowBytesOf(dtype, k);
                var x = new float[t * k];
                for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1) * (i % 32 == 5 ? 9 : 1) + (i / 32 % 3 - 1) * 0.7f;
                int xBytes = QuantizedMatVec.ActivationBytes(dtype, k);
                if (xBytes != Q8_1Format.RowBytes(k)) failures.Add($"{dtype}: activation bytes {xBytes}, Q8_1 needs {Q8_1Format.RowBytes(k)}");
                var xq = new byte[t * xBytes];
                QuantizedMatMul.QuantizeRows(dtype, x, t, k, xq);

                var scalarQ = new byte[xBytes];
                Q8_1Format.QuantizeScalar(x.AsSpan(0, k), scalarQ);
                if (!scalarQ.AsSpan().SequenceEqual(xq.AsSpan(0, xBytes))) failures.Add($"Q8_1 K={k}: the dispatching quantizer differs from the scalar bits");
                var q8 = new byte[QuantizedMatVec.ActivationBytes(k)];
                Q8_0Format.Quantize(x.AsSpan(0, k), q8);
                for (int b = 0; b < blocks; b++)
                {
                    var one = xq.AsSpan(b * 36, 36);
                    if (!one[..2].SequenceEqual(q8.AsSpan(b * 34, 2)) || !one[4..].SequenceEqual(q8.AsSpan(b * 34 + 2, 32)))
                        failures.Add($"Q8_1 K={k} block {b}: d or quants differ from Q8_0's");
                    int sum = 0;
                    for (int j = 0; j < 32; j++) sum += (sbyte)one[4 + j];
                    float d = Q8_0Format.ReadHalf(one), s = Q8_0Format.ReadHalf(one[2..]);
                    if (MathF.Abs(s - d * sum) > 1e-3f * (1 + MathF.Abs(d * sum))) failures.Add($"Q8_1 K={k} block {b}: s {s} is not d * Σq = {d * sum}");
                }

                var rowsOut = new float[n];
                fixed (byte* p = bytes)
                {
                    MinQuantDot.Rows(q5, ref *p, rowBytes, xq.AsSpan(0, xBytes), blocks, ref rowsOut[0], 0, n);
                    var w = new WeightMatrix((nint)p, dtype, n, k);
                    var matVec = new float[n];
                    var matVecScalar = new float[n];
                    QuantizedMatVec.Multiply(w, x.AsSpan(0, k), xq.AsSpan(0, xBytes), matVec, 0, n);
                    QuantizedMatVec.MultiplyScalar(w, x.AsSpan(0, k), xq.AsSpan(0, xBytes), matVecScalar, 0, n);
                    var prefill = new float[t * n];
                    QuantizedMatMul.Multiply(w, xq, t, prefill, n, 0, n);
                    var rowValues = new float[k];
                    for (int r = 0; r < n; r++)
                    {
                        var row = bytes.AsSpan(r * rowBytes, rowBytes);
                        w.ReadRow(r, rowValues);
                        for (int j = 0; j < t; j++)
                        {
                            var xj = xq.AsSpan(j * xBytes, xBytes);
                            float expected = MinQuantDot.DotScalar(q5, row, xj, k);
                            float dispatched = MinQuantDot.Dot(q5, row, xj, k);
                            float vector128 = 0;
                            fixed (byte* rp = row) MinQuantDot.RowsVector128(q5, ref *rp, rowBytes, xj, blocks, ref vector128, 0, 1);
                            float bound = 1e-4f * (1 + MathF.Abs(expected));
                            if (MathF.Abs(dispatched - expected) > bound) failures.Add($"{dtype} Dot K={k} row {r} x{j}: {dispatched} vs scalar {expected}");
                            if (MathF.Abs(vector128 - expected) > bound) failures.Add($"{dtype} Vector128 K={k} row {r} x{j}: {vector128} vs scalar {expected}");
                            if (BitConverter.SingleToUInt32Bits(prefill[j * n + r]) != BitConverter.SingleToUInt32Bits(dispatched))
                                failures.Add($"{dtype} QuantizedMatMul K={k} row {r} x{j}: {prefill[j * n + r]} vs the one-row dot {dispatched}");
                            double exact = 0, magnitude = 0;
                            for (int i = 0; i < k; i++)
                            {
                                exact += (double)rowValues[i] * x[j * k + i];
                                magnitude += Math.Abs((double)rowValues[i] * x[j * k + i]);
                            }

                            if (Math.Abs(expected - exact) > 0.02 * magnitude + 1e-4) failures.Add($"{dtype} scalar K={k} row {r} x{j}: {expected} vs float {exact}");
                            if (j > 0) continue;
                            if (BitConverter.SingleToUInt32Bits(rowsOut[r]) != BitConverter.SingleToUInt32Bits(dispatched)) failures.Add($"{dtype} Rows K={k} row {r}: {rowsOut[r]} vs the one-row dot {dispatched}");
                            if (BitConverter.SingleToUInt32Bits(matVec[r]) != BitConverter.SingleToUInt32Bits(dispatched)) failures.Add($"{dtype} QuantizedMatVec K={k} row {r}: {matVec[r]} vs the one-row dot {dispatched}");
                            if (BitConverter.SingleToUInt32Bits(matVecScalar[r]) != BitConverter.SingleToUInt32Bits(expected)) failures.Add($"{dtype} MultiplyScalar K={k} row {r}: {matVecScalar[r]} vs the scalar dot {expected}");
                        }
                    }
                }
            }
        }
    }
}
