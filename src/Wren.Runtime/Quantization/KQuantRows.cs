using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wren.Runtime.Quantization;

/// <summary>
/// The decode product y[r] = row r · a for rows [r0, r1) of a K-quant matrix (Q4_K, Q6_K) against one Q8_K activation a:
/// what <see cref="KQuantDot"/> does for one row, reorganised as ggml_vec_dot_q4_K_q8_K / q6_K_q8_K are on AVX2 so the
/// per-row work is vector work. The activation's per-block scale and its Q8_K group sums (paired for Q4_K's 32-value
/// sub-blocks) are read once per call rather than once per row; Q4_K's 12 packed scale bytes are unpacked with
/// ggml's mask-and-shift on four 32-bit words into 8 scales and 8 minimums, and the minimums meet the group sums in one
/// vpmaddwd; Q6_K's "- 32" is taken out of the inner loop through the group sums (Σ s·(q-32)·a = Σ s·q·a - 32 Σ s·bsum).
/// Weights are prefetched ahead of use. Vector512 (AVX-512BW: 64 quants per instruction) → Vector256 (AVX2, with
/// AVX-VNNI's vpdpwssd where present) → the one-row 128-bit and scalar dots. Every path's integer sums per super-block
/// are exact, and the float sums differ from the scalar reference only in order (tested per path).
/// </summary>
internal static unsafe class KQuantRows
{
    /// <summary>How far ahead of the block being multiplied the weights are prefetched (bytes), as <see cref="QuantizedDot"/>'s row kernel.</summary>
    private const int PrefetchBytes = 3072;

    private const uint Mask6 = 0x3f3f3f3f, Mask4 = 0x0f0f0f0f, Mask2 = 0x03030303;

    /// <summary>Whether the 512-bit kernels run (AVX-512BW and 512-bit vectors not switched off).</summary>
    internal static bool Uses512 { get; } = Vector512.IsHardwareAccelerated && Avx512BW.IsSupported && QuantizedDot.UsesAvx2;

    /// <summary>y[r] = row r · a, rows [r0, r1) of a Q4_K matrix, on the widest path this CPU runs.</summary>
    public static void Q4_K(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        if (Uses512) Q4_K512(ref w, rowBytes, a, blocks, ref y, r0, r1);
        else if (QuantizedDot.UsesAvx2) Q4_K256(ref w, rowBytes, a, blocks, ref y, r0, r1);
        else
            for (int r = r0; r < r1; r++)
                Unsafe.Add(ref y, r) = KQuantDot.DotQ4_KQ8_K(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref w, r * rowBytes), (int)rowBytes), a, blocks * 256);
    }

    /// <summary>y[r] = row r · a, rows [r0, r1) of a Q6_K matrix, on the widest path this CPU runs.</summary>
    public static void Q6_K(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        if (Uses512) Q6_K512(ref w, rowBytes, a, blocks, ref y, r0, r1);
        else if (QuantizedDot.UsesAvx2) Q6_K256(ref w, rowBytes, a, blocks, ref y, r0, r1);
        else
            for (int r = r0; r < r1; r++)
                Unsafe.Add(ref y, r) = KQuantDot.DotQ6_KQ8_K(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref w, r * rowBytes), (int)rowBytes), a, blocks * 256);
    }

    /// <summary>Q4_K rows in 256-bit vectors (AVX2 + FMA; callers check).</summary>
    internal static void Q4_K256(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        using var activation = new Q8_KSums(a, blocks, pairs: true);
        ref byte ar = ref MemoryMarshal.GetReference(a);
        bool vnni = AvxVnni.IsSupported;
        var low = Vector256.Create((byte)0x0F);
        Span<Vector256<byte>> masks = stackalloc Vector256<byte>[8];
        for (int i = 0; i < 8; i++) masks[i] = Broadcast16(i);
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector256<float> acc = default;
            Vector128<float> accMin = default;
            for (int b = 0; b < blocks; b++)
            {
                ref byte xb = ref Unsafe.Add(ref row, b * Q4_KFormat.BlockBytes);
                ref byte q8 = ref Unsafe.Add(ref ar, b * Q8_KFormat.BlockBytes + Q8_KFormat.QuantsOffset);
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref xb, PrefetchBytes)));
                float yd = activation.Scale(b);
                Vector256<byte> scales = Q4_KScales(ref xb, activation.Sums128(b), yd, ref accMin);
                Vector256<int> sumi = default;
                for (int j = 0; j < 4; j++)
                {
                    Vector256<byte> q4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref xb, 16 + 32 * j));
                    Vector256<short> pl = Avx2.MultiplyAddAdjacent(q4 & low, Vector256.LoadUnsafe(ref Unsafe.Add(ref q8, 64 * j)).AsSByte());
                    Vector256<short> ph = Avx2.MultiplyAddAdjacent(Avx2.ShiftRightLogical(q4.AsUInt16(), 4).AsByte() & low, Vector256.LoadUnsafe(ref Unsafe.Add(ref q8, 64 * j + 32)).AsSByte());
                    Vector256<short> sl = Avx2.Shuffle(scales, masks[2 * j]).AsInt16();
                    Vector256<short> sh = Avx2.Shuffle(scales, masks[2 * j + 1]).AsInt16();
                    if (vnni)
                    {
                        sumi = AvxVnni.MultiplyWideningAndAdd(sumi, pl, sl);
                        sumi = AvxVnni.MultiplyWideningAndAdd(sumi, ph, sh);
                    }
                    else
                    {
                        sumi += Avx2.MultiplyAddAdjacent(pl, sl) + Avx2.MultiplyAddAdjacent(ph, sh);
                    }
                }

                acc = Fma.MultiplyAdd(Vector256.Create(yd * QuantizedDot.HalfAt(ref xb, 0)), Avx.ConvertToVector256Single(sumi), acc);
            }

            Unsafe.Add(ref y, r) = Vector256.Sum(acc) - Vector128.Sum(accMin);
        }
    }

    /// <summary>Q4_K rows in 512-bit vectors: each 32-byte quant group is broadcast to both halves, the upper half shifted
    /// by 4, so one vpmaddubsw covers a whole pair of 32-value sub-blocks against 64 contiguous Q8_K quants.</summary>
    internal static void Q4_K512(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        using var activation = new Q8_KSums(a, blocks, pairs: true);
        ref byte ar = ref MemoryMarshal.GetReference(a);
        var low = Vector512.Create((byte)0x0F);
        var shifts = Vector512.Create(Vector256<ushort>.Zero, Vector256.Create((ushort)4));
        // The four pairs of sub-block scales, as vpshufb controls made once (the JIT neither hoists nor folds them).
        Vector512<byte> m0 = Broadcast16Pair(0), m1 = Broadcast16Pair(2), m2 = Broadcast16Pair(4), m3 = Broadcast16Pair(6);
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector512<float> acc = default;
            Vector128<float> accMin = default;
            for (int b = 0; b < blocks; b++)
            {
                ref byte xb = ref Unsafe.Add(ref row, b * Q4_KFormat.BlockBytes);
                ref byte q8 = ref Unsafe.Add(ref ar, b * Q8_KFormat.BlockBytes + Q8_KFormat.QuantsOffset);
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref xb, PrefetchBytes)));
                float yd = activation.Scale(b);
                Vector256<byte> scales256 = Q4_KScales(ref xb, activation.Sums128(b), yd, ref accMin);
                Vector512<byte> scales = Vector512.Create(scales256, scales256);
                Vector512<int> sumi = Pair512(ref xb, ref q8, 0, scales, m0, shifts, low) + Pair512(ref xb, ref q8, 1, scales, m1, shifts, low)
                    + Pair512(ref xb, ref q8, 2, scales, m2, shifts, low) + Pair512(ref xb, ref q8, 3, scales, m3, shifts, low);

                acc = Avx512F.FusedMultiplyAdd(Vector512.Create(yd * QuantizedDot.HalfAt(ref xb, 0)), Avx512F.ConvertToVector512Single(sumi), acc);
            }

            Unsafe.Add(ref y, r) = Vector512.Sum(acc) - Vector128.Sum(accMin);
        }
    }

    /// <summary>Σ scale · (q · a) over the Q4_K sub-blocks 2j and 2j + 1 (64 values) in one 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Pair512(ref byte xb, ref byte q8, int j, Vector512<byte> scales, Vector512<byte> mask, Vector512<ushort> shifts, Vector512<byte> low)
    {
        Vector256<byte> packed = Vector256.LoadUnsafe(ref Unsafe.Add(ref xb, 16 + 32 * j));
        Vector512<byte> q4 = Avx512BW.ShiftRightLogicalVariable(Vector512.Create(packed, packed).AsUInt16(), shifts).AsByte() & low;
        Vector512<short> p = Avx512BW.MultiplyAddAdjacent(q4, Vector512.LoadUnsafe(ref Unsafe.Add(ref q8, 64 * j)).AsSByte());
        return Avx512BW.MultiplyAddAdjacent(p, Avx512BW.Shuffle(scales, mask).AsInt16());
    }

    /// <summary>Q6_K rows in 256-bit vectors (AVX2 + FMA; callers check).</summary>
    internal static void Q6_K256(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        using var activation = new Q8_KSums(a, blocks, pairs: false);
        ref byte ar = ref MemoryMarshal.GetReference(a);
        bool vnni = AvxVnni.IsSupported;
        var low = Vector256.Create((byte)0x0F);
        var bits45 = Vector256.Create((byte)0x30);
        Vector256<byte> p0 = Pair16(0), p2 = Pair16(2), p4 = Pair16(4), p6 = Pair16(6);
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector256<float> acc = default;
            for (int b = 0; b < blocks; b++)
            {
                ref byte xb = ref Unsafe.Add(ref row, b * Q6_KFormat.BlockBytes);
                ref byte q8 = ref Unsafe.Add(ref ar, b * Q8_KFormat.BlockBytes + Q8_KFormat.QuantsOffset);
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref xb, PrefetchBytes)));
                // The 16 signed group scales, widened; Σ scale_g * bsum_g is the "- 32" of every quant, taken out once.
                Vector256<short> scales16 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.Add(ref xb, 192)).AsSByte());
                Vector256<int> sumi = Avx2.MultiplyAddAdjacent(scales16, activation.Sums256(b)) * Vector256.Create(-32);
                for (int half = 0; half < 2; half++)
                {
                    Vector256<byte> ql0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref xb, 64 * half));
                    Vector256<byte> ql1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref xb, 64 * half + 32));
                    Vector256<ushort> qh = Vector256.LoadUnsafe(ref Unsafe.Add(ref xb, 128 + 32 * half)).AsUInt16();
                    Vector256<byte> q1 = (ql0 & low) | (Avx2.ShiftLeftLogical(qh, 4).AsByte() & bits45);
                    Vector256<byte> q2 = (ql1 & low) | (Avx2.ShiftLeftLogical(qh, 2).AsByte() & bits45);
                    Vector256<byte> q3 = (Avx2.ShiftRightLogical(ql0.AsUInt16(), 4).AsByte() & low) | (qh.AsByte() & bits45);
                    Vector256<byte> q4 = (Avx2.ShiftRightLogical(ql1.AsUInt16(), 4).AsByte() & low) | (Avx2.ShiftRightLogical(qh, 2).AsByte() & bits45);
                    ref byte q8h = ref Unsafe.Add(ref q8, 128 * half);
                    // This half's 8 group scales in both 128-bit lanes: a 32-quant vector takes group g in its lower and g + 1 in its upper lane.
                    Vector128<byte> lane = Lane(scales16.AsByte(), half);
                    Vector256<byte> s = Vector256.Create(lane, lane);
                    sumi = Accumulate(sumi, q1, ref q8h, 0, Avx2.Shuffle(s, p0).AsInt16(), vnni);
                    sumi = Accumulate(sumi, q2, ref q8h, 32, Avx2.Shuffle(s, p2).AsInt16(), vnni);
                    sumi = Accumulate(sumi, q3, ref q8h, 64, Avx2.Shuffle(s, p4).AsInt16(), vnni);
                    sumi = Accumulate(sumi, q4, ref q8h, 96, Avx2.Shuffle(s, p6).AsInt16(), vnni);
                }

                acc = Fma.MultiplyAdd(Vector256.Create(activation.Scale(b) * QuantizedDot.HalfAt(ref xb, 208)), Avx.ConvertToVector256Single(sumi), acc);
            }

            Unsafe.Add(ref y, r) = Vector256.Sum(acc);
        }
    }

    /// <summary>Q6_K rows in 512-bit vectors: q1|q2 and q3|q4 of each half side by side, against 64 contiguous Q8_K quants each.</summary>
    internal static void Q6_K512(ref byte w, nint rowBytes, ReadOnlySpan<byte> a, int blocks, ref float y, int r0, int r1)
    {
        using var activation = new Q8_KSums(a, blocks, pairs: false);
        ref byte ar = ref MemoryMarshal.GetReference(a);
        var low = Vector512.Create((byte)0x0F);
        var bits45 = Vector512.Create((byte)0x30);
        // ql0|ql1 nibbles: low nibbles for q1|q2 (shift 0), high for q3|q4 (shift 4); qh|qh: bits 4-5 come from shifts 4, 2 (q1|q2)
        // and 0, -2 (q3|q4) of the qh bytes, done as 16-bit shifts left by 4|2 and right by 0|2.
        var qhLeft = Vector512.Create(Vector256.Create((ushort)4), Vector256.Create((ushort)2));
        var qhRight = Vector512.Create(Vector256<ushort>.Zero, Vector256.Create((ushort)2));
        Vector512<byte> groups0 = Quad16(0), groups4 = Quad16(4);
        for (int r = r0; r < r1; r++)
        {
            ref byte row = ref Unsafe.Add(ref w, r * rowBytes);
            Vector512<float> acc = default;
            for (int b = 0; b < blocks; b++)
            {
                ref byte xb = ref Unsafe.Add(ref row, b * Q6_KFormat.BlockBytes);
                ref byte q8 = ref Unsafe.Add(ref ar, b * Q8_KFormat.BlockBytes + Q8_KFormat.QuantsOffset);
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref xb, PrefetchBytes)));
                Vector256<short> scales16 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.Add(ref xb, 192)).AsSByte());
                Vector256<int> correction = Avx2.MultiplyAddAdjacent(scales16, activation.Sums256(b)) * Vector256.Create(-32);
                Vector512<int> sumi = Vector512.Create(correction, Vector256<int>.Zero);
                for (int half = 0; half < 2; half++)
                {
                    Vector512<byte> ql = Vector512.LoadUnsafe(ref Unsafe.Add(ref xb, 64 * half));
                    Vector256<byte> qh256 = Vector256.LoadUnsafe(ref Unsafe.Add(ref xb, 128 + 32 * half));
                    Vector512<ushort> qh = Vector512.Create(qh256, qh256).AsUInt16();
                    Vector512<byte> q12 = (ql & low) | (Avx512BW.ShiftLeftLogicalVariable(qh, qhLeft).AsByte() & bits45);
                    Vector512<byte> q34 = (Avx512BW.ShiftRightLogical(ql.AsUInt16(), 4).AsByte() & low) | (Avx512BW.ShiftRightLogicalVariable(qh, qhRight).AsByte() & bits45);
                    Vector128<byte> lane = Lane(scales16.AsByte(), half);
                    Vector256<byte> lane2 = Vector256.Create(lane, lane);
                    Vector512<byte> s = Vector512.Create(lane2, lane2);
                    ref byte q8h = ref Unsafe.Add(ref q8, 128 * half);
                    Vector512<short> p12 = Avx512BW.MultiplyAddAdjacent(q12, Vector512.LoadUnsafe(ref q8h).AsSByte());
                    Vector512<short> p34 = Avx512BW.MultiplyAddAdjacent(q34, Vector512.LoadUnsafe(ref Unsafe.Add(ref q8h, 64)).AsSByte());
                    sumi += Avx512BW.MultiplyAddAdjacent(p12, Avx512BW.Shuffle(s, groups0).AsInt16());
                    sumi += Avx512BW.MultiplyAddAdjacent(p34, Avx512BW.Shuffle(s, groups4).AsInt16());
                }

                acc = Avx512F.FusedMultiplyAdd(Vector512.Create(activation.Scale(b) * QuantizedDot.HalfAt(ref xb, 208)), Avx512F.ConvertToVector512Single(sumi), acc);
            }

            Unsafe.Add(ref y, r) = Vector512.Sum(acc);
        }
    }

    /// <summary>sumi + scale · (q · a) over 32 quants: q unsigned 0..63, so the pair sums of vpmaddubsw fit int16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Accumulate(Vector256<int> sumi, Vector256<byte> q, ref byte q8, int offset, Vector256<short> scale, bool vnni)
    {
        Vector256<short> p = Avx2.MultiplyAddAdjacent(q, Vector256.LoadUnsafe(ref Unsafe.Add(ref q8, offset)).AsSByte());
        return vnni ? AvxVnni.MultiplyWideningAndAdd(sumi, p, scale) : sumi + Avx2.MultiplyAddAdjacent(p, scale);
    }

    /// <summary>
    /// A Q4_K block's 8 sub-block scales as int16 in both 128-bit lanes; its minimums' term (dmin · yd · Σ m_j · pair sum_j)
    /// added to <paramref name="accMin"/> on the way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Q4_KScales(ref byte xb, Vector128<short> pairSums, float yd, ref Vector128<float> accMin)
    {
        Vector256<short> scalesMins = Avx2.ConvertToVector256Int16(ScalesAndMins(ref xb));
        accMin = Fma.MultiplyAdd(Vector128.Create(yd * QuantizedDot.HalfAt(ref xb, 2)), Sse2.ConvertToVector128Single(Sse2.MultiplyAddAdjacent(scalesMins.GetUpper(), pairSums)), accMin);
        return Vector256.Create(scalesMins.GetLower(), scalesMins.GetLower()).AsByte();
    }

    /// <summary>The 8 scales (bytes 0-7) and 8 minimums (bytes 8-15) of a Q4_K block, each 6 bits, from its 12 packed bytes at offset 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ScalesAndMins(ref byte xb)
    {
        uint u0 = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref xb, 4));
        uint u1 = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref xb, 8));
        uint u2 = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref xb, 12));
        uint mins47 = ((u2 >> 4) & Mask4) | (((u1 >> 6) & Mask2) << 4);
        uint mins03 = u1 & Mask6;
        uint scales47 = (u2 & Mask4) | (((u0 >> 6) & Mask2) << 4);
        return Vector128.Create(u0 & Mask6, scales47, mins03, mins47).AsByte();
    }

    /// <summary>The 128-bit lane <paramref name="index"/> of v.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Lane(Vector256<byte> v, int index) => index == 0 ? v.GetLower() : v.GetUpper();

    /// <summary>A vpshufb control that fills every 16-bit lane of a 128-bit lane with its 16-bit element <paramref name="element"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Broadcast16(int element) => Vector256.Create((ushort)(2 * element | (2 * element + 1) << 8)).AsByte();

    /// <summary>A vpshufb control: the lower 128 bits of each 256 filled with element <paramref name="element"/>, the upper with the next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Pair16(int element) =>
        Vector256.Create(Vector128.Create((ushort)(2 * element | (2 * element + 1) << 8)), Vector128.Create((ushort)(2 * element + 2 | (2 * element + 3) << 8))).AsByte();

    /// <summary>A 512-bit vpshufb control: lanes 0-1 filled with 16-bit element <paramref name="element"/>, lanes 2-3 with the next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Broadcast16Pair(int element)
    {
        var first = Vector128.Create((ushort)(2 * element | (2 * element + 1) << 8)).AsByte();
        var second = Vector128.Create((ushort)(2 * element + 2 | (2 * element + 3) << 8)).AsByte();
        return Vector512.Create(Vector256.Create(first, first), Vector256.Create(second, second));
    }

    /// <summary>A 512-bit vpshufb control: lane i (of four) filled with 16-bit element <paramref name="first"/> + i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Quad16(int first)
    {
        Vector128<byte> E(int e) => Vector128.Create((ushort)(2 * e | (2 * e + 1) << 8)).AsByte();
        return Vector512.Create(Vector256.Create(E(first), E(first + 1)), Vector256.Create(E(first + 2), E(first + 3)));
    }

    /// <summary>
    /// One Q8_K activation's per-block scales and group sums, laid out for the row kernels: the 16 int16 sums of each block
    /// (Q6_K) or their 8 pairwise sums, one per 32-value sub-block (Q4_K; |sum| ≤ 32 · 127 fits int16).
    /// </summary>
    private ref struct Q8_KSums
    {
        private readonly float[] _rentedScales;
        private readonly short[] _rentedSums;
        private readonly Span<float> _scales;
        private readonly Span<short> _sums;

        public Q8_KSums(ReadOnlySpan<byte> a, int blocks, bool pairs)
        {
            _rentedScales = System.Buffers.ArrayPool<float>.Shared.Rent(blocks);
            _rentedSums = System.Buffers.ArrayPool<short>.Shared.Rent(16 * blocks);
            _scales = _rentedScales.AsSpan(0, blocks);
            _sums = _rentedSums.AsSpan(0, 16 * blocks);
            for (int b = 0; b < blocks; b++)
            {
                ReadOnlySpan<byte> block = a.Slice(b * Q8_KFormat.BlockBytes, Q8_KFormat.BlockBytes);
                _scales[b] = MemoryMarshal.Read<float>(block);
                ReadOnlySpan<short> sums = MemoryMarshal.Cast<byte, short>(block.Slice(Q8_KFormat.SumsOffset, 32));
                if (pairs)
                    for (int g = 0; g < 8; g++) _sums[8 * b + g] = (short)(sums[2 * g] + sums[2 * g + 1]);
                else
                    sums.CopyTo(_sums.Slice(16 * b, 16));
            }
        }

        public readonly float Scale(int b) => Unsafe.Add(ref MemoryMarshal.GetReference(_scales), b);

        /// <summary>The 8 paired sums of block b.</summary>
        public readonly Vector128<short> Sums128(int b) => Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_sums), (nuint)(8 * b));

        /// <summary>The 16 sums of block b.</summary>
        public readonly Vector256<short> Sums256(int b) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_sums), (nuint)(16 * b));

        public readonly void Dispose()
        {
            System.Buffers.ArrayPool<float>.Shared.Return(_rentedScales);
            System.Buffers.ArrayPool<short>.Shared.Return(_rentedSums);
        }
    }
}
