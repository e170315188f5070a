using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wren.Runtime.Quantization;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Kernels;

/// <summary>
/// The prefill product Y = X W^T for Q8_0, Q4_0, Q5_0, Q4_K and Q6_K weights on x86 with VNNI (vpdpbusd), register-tiled as
/// a float GEMM is: four weight rows by sixteen tokens per tile, each 4-byte group of a weight row broadcast and multiplied
/// with sixteen tokens' matching 4-byte groups in two instructions. The activations are first interleaved into panels of
/// eight tokens (<see cref="Pack(WeightDType, ReadOnlySpan{byte}, int, int, Span{byte})"/>), so one vpdpbusd lane is one
/// token and a block's int32 sum ends in one lane, with no horizontal adds. The four weight rows are unpacked to bytes
/// once, so every panel pair after the first reads them with a broadcast load and no shifts or masks.
/// </summary>
/// <remarks>
/// vpdpbusd multiplies unsigned by signed bytes. The weight is the unsigned side: Q4_0's nibbles (0..15) as they are,
/// Q5_0's five bits (0..31), Q8_0's quants with their sign bit flipped (q + 128); the offset is taken back by starting each
/// block's sum at -8 Σy, -16 Σy or -128 Σy, from the -128 Σy the panel stores per token and block. Every sum is exact in
/// int32, and the float steps are the scalar reference's (the block sum times dx * dy for Q8_0 and Q5_0, times dx then dy
/// for Q4_0, added in block order), so each result is bit for bit <see cref="QuantizedDot.DotQ8_0Scalar"/>,
/// <see cref="Q5_0Dot.DotScalar"/> or <see cref="QuantizedDot.DotQ4_0Q8_0Scalar"/>. Hand-written because no .NET library
/// multiplies ggml blocks.
/// </remarks>
public static class VnniQuantizedGemm
{
    /// <summary>Tokens per panel: one per int32 lane of a 256-bit vector.</summary>
    public const int PanelTokens = 8;

    // A panel block: the 32 quants of 8 tokens as 8 groups of [token 0..7] x 4 bytes, their 8 scales (float) and
    // their 8 offsets -128 Σq (int32).
    private const int QuantBytes = 256;
    private const int BlockRecordBytes = QuantBytes + 32 + 32;

    /// <summary>Whether this path runs: AVX-VNNI present, 256-bit vectors on.</summary>
    public static bool IsSupported { get; } = AvxVnni.IsSupported && Vector256.IsHardwareAccelerated;

    // A Q8_K panel block: 256 quants of 8 tokens as 64 groups of [token 0..7] x 4 bytes, their 8 scales (float), and
    // their 16 sums of 16 quants as 8 vectors of (sum 2p, sum 2p + 1) int16 pairs per token.
    private const int KQuantBytes = 2048;
    private const int KRecordBytes = KQuantBytes + 32 + 256;

    /// <summary>Whether <paramref name="dtype"/> weights and <paramref name="t"/> tokens take this path (fewer than a panel go row by row).</summary>
    public static bool Handles(WeightDType dtype, int t) => IsSupported && t >= PanelTokens && Tiles(dtype);

    /// <summary>Bytes of the Q8_0 panels for <paramref name="t"/> tokens of <paramref name="k"/> values (T rounded up to whole panels).</summary>
    public static int PanelBytes(int t, int k) => (t + PanelTokens - 1) / PanelTokens * (k / Q8_0Format.BlockSize) * BlockRecordBytes;

    /// <summary>Bytes of the panels <paramref name="dtype"/> weights read: Q8_K panels for K-quants, else Q8_0 panels.</summary>
    public static int PanelBytes(WeightDType dtype, int t, int k) =>
        QuantizedMatVec.UsesQ8_KActivation(dtype) ? (t + PanelTokens - 1) / PanelTokens * (k / Q8_KFormat.BlockSize) * KRecordBytes : PanelBytes(t, k);

    /// <summary>The panels <paramref name="dtype"/> weights read, from xq = <see cref="QuantizedMatMul.QuantizeRows"/> for that type.</summary>
    public static void Pack(WeightDType dtype, ReadOnlySpan<byte> xq, int t, int k, Span<byte> panels)
    {
        if (QuantizedMatVec.UsesQ8_KActivation(dtype)) PackQ8_K(xq, t, k, panels);
        else Pack(xq, t, k, panels);
    }

    /// <summary>
    /// panels = xq's T Q8_K rows of K values, interleaved eight tokens at a time; tokens past T are zero. Shapes:
    /// xq [T, <see cref="Q8_KFormat.RowBytes"/>(K)] bytes, panels [<see cref="PanelBytes(WeightDType, int, int)"/>].
    /// </summary>
    public static void PackQ8_K(ReadOnlySpan<byte> xq, int t, int k, Span<byte> panels)
    {
        if (k % Q8_KFormat.BlockSize != 0) throw new ArgumentException($"K {k} is not a multiple of 256", nameof(k));
        int blocks = k / Q8_KFormat.BlockSize, rowBytes = Q8_KFormat.RowBytes(k);
        if (xq.Length < (long)t * rowBytes) throw new ArgumentException($"xq holds {xq.Length} bytes, T={t} Q8_K rows of K={k} need {(long)t * rowBytes}", nameof(xq));
        int need = PanelBytes(WeightDType.Q4_K, t, k);
        if (panels.Length < need) throw new ArgumentException($"panels hold {panels.Length} bytes, {need} needed", nameof(panels));
        int groups = (t + PanelTokens - 1) / PanelTokens;
        for (int g = 0; g < groups; g++)
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> record = panels.Slice((g * blocks + b) * KRecordBytes, KRecordBytes);
                Span<uint> quads = MemoryMarshal.Cast<byte, uint>(record[..KQuantBytes]);
                Span<float> scales = MemoryMarshal.Cast<byte, float>(record.Slice(KQuantBytes, 32));
                Span<uint> pairs = MemoryMarshal.Cast<byte, uint>(record.Slice(KQuantBytes + 32, 256));
                for (int j = 0; j < PanelTokens; j++)
                {
                    int token = g * PanelTokens + j;
                    if (token >= t)
                    {
                        for (int m = 0; m < 64; m++) quads[m * PanelTokens + j] = 0;
                        for (int p = 0; p < 8; p++) pairs[p * PanelTokens + j] = 0;
                        scales[j] = 0;
                        continue;
                    }

                    ReadOnlySpan<byte> block = xq.Slice(token * rowBytes + b * Q8_KFormat.BlockBytes, Q8_KFormat.BlockBytes);
                    ReadOnlySpan<uint> source = MemoryMarshal.Cast<byte, uint>(block.Slice(Q8_KFormat.QuantsOffset, 256));
                    ReadOnlySpan<uint> sums = MemoryMarshal.Cast<byte, uint>(block.Slice(Q8_KFormat.SumsOffset, 32));
                    for (int m = 0; m < 64; m++) quads[m * PanelTokens + j] = source[m];
                    for (int p = 0; p < 8; p++) pairs[p * PanelTokens + j] = sums[p];
                    scales[j] = MemoryMarshal.Read<float>(block);
                }
            }
    }

    /// <summary>
    /// panels = xq's T Q8_0 rows of K values, interleaved eight tokens at a time; tokens past T are zero. Shapes:
    /// xq [T, K/32 * 34] bytes, panels [<see cref="PanelBytes"/>].
    /// </summary>
    public static void Pack(ReadOnlySpan<byte> xq, int t, int k, Span<byte> panels)
    {
        if (k % Q8_0Format.BlockSize != 0) throw new ArgumentException($"K {k} is not a multiple of 32", nameof(k));
        int blocks = k / Q8_0Format.BlockSize, rowBytes = blocks * Q8_0Format.BlockBytes;
        if (xq.Length < (long)t * rowBytes) throw new ArgumentException($"xq holds {xq.Length} bytes, T={t} Q8_0 rows of K={k} need {(long)t * rowBytes}", nameof(xq));
        if (panels.Length < PanelBytes(t, k)) throw new ArgumentException($"panels hold {panels.Length} bytes, {PanelBytes(t, k)} needed", nameof(panels));
        int groups = (t + PanelTokens - 1) / PanelTokens;
        for (int g = 0; g < groups; g++)
        {
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> record = panels.Slice((g * blocks + b) * BlockRecordBytes, BlockRecordBytes);
                Span<uint> quads = MemoryMarshal.Cast<byte, uint>(record[..QuantBytes]);
                Span<float> scales = MemoryMarshal.Cast<byte, float>(record.Slice(QuantBytes, 32));
                Span<int> offsets = MemoryMarshal.Cast<byte, int>(record.Slice(QuantBytes + 32, 32));
                for (int j = 0; j < PanelTokens; j++)
                {
                    int token = g * PanelTokens + j;
                    if (token >= t)
                    {
                        for (int m = 0; m < 8; m++) quads[m * PanelTokens + j] = 0;
                        scales[j] = 0;
                        offsets[j] = 0;
                        continue;
                    }

                    ReadOnlySpan<byte> block = xq.Slice(token * rowBytes + b * Q8_0Format.BlockBytes, Q8_0Format.BlockBytes);
                    ReadOnlySpan<uint> source = MemoryMarshal.Cast<byte, uint>(block[2..]);
                    int sum = 0;
                    for (int m = 0; m < 8; m++) quads[m * PanelTokens + j] = source[m];
                    for (int i = 0; i < Q8_0Format.BlockSize; i++) sum += (sbyte)block[2 + i];
                    scales[j] = Q8_0Format.ReadHalf(block);
                    offsets[j] = -128 * sum;
                }
            }
        }
    }

    /// <summary>
    /// Y[t, n] = W[n, :] · X[t, :] for the rows n in [rowStart, rowEnd) and every t in [0, T). Shapes: W [N, K] (Q8_0, Q4_0,
    /// Q5_0, Q4_K or Q6_K), panels = <see cref="Pack(WeightDType, ReadOnlySpan{byte}, int, int, Span{byte})"/> of X's rows
    /// for that type, y [T, ldy] with ldy &gt;= N. Callers check <see cref="Handles"/>.
    /// </summary>
    public static unsafe void Multiply(WeightMatrix w, ReadOnlySpan<byte> panels, int t, Span<float> y, int ldy, int rowStart, int rowEnd)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("the VNNI prefill product needs AVX-VNNI");
        if (!Tiles(w.DType)) throw new ArgumentException($"{w.DType} weights are not Q8_0, Q4_0, Q5_0, Q4_K or Q6_K", nameof(w));
        int k = w.Cols, need = PanelBytes(w.DType, t, k);
        bool kQuant = QuantizedMatVec.UsesQ8_KActivation(w.DType);
        int blocks = kQuant ? k / Q8_KFormat.BlockSize : k / Q8_0Format.BlockSize;
        if (panels.Length < need) throw new ArgumentException($"panels hold {panels.Length} bytes, T={t} tokens of K={k} need {need}", nameof(panels));
        if (ldy < w.Rows) throw new ArgumentOutOfRangeException(nameof(ldy), $"ldy {ldy} is smaller than N {w.Rows}");
        if (t > 0 && y.Length < (long)(t - 1) * ldy + w.Rows) throw new ArgumentException("y is too short for [T, ldy]", nameof(y));
        if ((uint)rowStart > (uint)rowEnd || rowEnd > w.Rows) throw new ArgumentOutOfRangeException(nameof(rowEnd));
        var dtype = w.DType;
        nint rowBytes = (nint)w.RowBytes;
        int groups = (t + PanelTokens - 1) / PanelTokens;
        nint groupBytes = (nint)blocks * (kQuant ? KRecordBytes : BlockRecordBytes);
        // The four rows are unpacked to bytes once and read by every panel pair.
        nint unpackedRow = UnpackedRowBytes(dtype, blocks);
        byte[] unpacked = t_unpacked is { } u && u.Length >= 4 * unpackedRow ? u : t_unpacked = GC.AllocateUninitializedArray<byte>((int)Math.Max(4 * unpackedRow, 4096));
        ref byte u0 = ref MemoryMarshal.GetArrayDataReference(unpacked);
        ref byte u1 = ref Unsafe.Add(ref u0, unpackedRow);
        ref byte u2 = ref Unsafe.Add(ref u0, 2 * unpackedRow);
        ref byte u3 = ref Unsafe.Add(ref u0, 3 * unpackedRow);
        int offsetShift = dtype switch { WeightDType.Q4_0 => 4, WeightDType.Q5_0 => 3, _ => 0 };
        ref byte panel = ref MemoryMarshal.GetReference(panels);
        ref float yr = ref MemoryMarshal.GetReference(y);
        for (int r = rowStart; r < rowEnd; r += 4)
        {
            int rows = Math.Min(4, rowEnd - r);
            // Rows past the range repeat the last one: the tile always computes four, and stores only its own.
            ref byte w0 = ref Unsafe.AsRef<byte>((void*)(w.Data + r * rowBytes));
            ref byte w1 = ref Unsafe.Add(ref w0, rowBytes * Math.Min(1, rows - 1));
            ref byte w2 = ref Unsafe.Add(ref w0, rowBytes * Math.Min(2, rows - 1));
            ref byte w3 = ref Unsafe.Add(ref w0, rowBytes * Math.Min(3, rows - 1));
            Unpack(dtype, ref w0, blocks, ref u0);
            Unpack(dtype, ref w1, blocks, ref u1);
            Unpack(dtype, ref w2, blocks, ref u2);
            Unpack(dtype, ref w3, blocks, ref u3);

            for (int g = 0; g < groups; g += 2)
            {
                // A lone last panel is paired with itself and stored once.
                int g1 = Math.Min(g + 1, groups - 1);
                ref byte p0 = ref Unsafe.Add(ref panel, g * groupBytes);
                ref byte p1 = ref Unsafe.Add(ref panel, g1 * groupBytes);
                Vector256<float> a00, a01, a10, a11, a20, a21, a30, a31;
                if (kQuant)
                    TileK(dtype == WeightDType.Q6_K, ref u0, ref u1, ref u2, ref u3, ref p0, ref p1, blocks, out a00, out a01, out a10, out a11, out a20, out a21, out a30, out a31);
                else
                    Tile(offsetShift, dtype == WeightDType.Q4_0, ref u0, ref u1, ref u2, ref u3, ref p0, ref p1, blocks,
                        out a00, out a01, out a10, out a11, out a20, out a21, out a30, out a31);
                Store(a00, a10, a20, a30, ref yr, ldy, r, rows, g * PanelTokens, t);
                if (g1 != g) Store(a01, a11, a21, a31, ref yr, ldy, r, rows, g1 * PanelTokens, t);
            }
        }
    }

    // Four weight rows unpacked by Unpack, per worker thread (each runs its own row range).
    [ThreadStatic] private static byte[]? t_unpacked;

    // An unpacked 32-value block (Q8_0, Q4_0, Q5_0): its 32 quants as unsigned bytes in value order, then dx (float).
    private const int UnpackedBlockBytes = 36;

    // An unpacked Q4_K super-block: 256 nibbles as bytes in value order, the 8 scales (int32), the 8 minimums each in both
    // int16 halves of an int32 (the weight side of vpdpwssd against the panel's pairs of 16-sums), then dx and dmin (float).
    private const int UnpackedQ4_KBytes = 256 + 32 + 32 + 8;

    // An unpacked Q6_K super-block: 256 unsigned 6-bit quants (q + 32) as bytes in value order, the 16 scales (int32), the
    // scales again as 8 int16 pairs (2p, 2p + 1) for vpdpwssd against the panel's 16-sums, then dx (float).
    private const int UnpackedQ6_KBytes = 256 + 64 + 32 + 4;

    private static bool Tiles(WeightDType dtype) => dtype is WeightDType.Q8_0 or WeightDType.Q4_0 or WeightDType.Q5_0 or WeightDType.Q4_K or WeightDType.Q6_K;

    private static nint UnpackedRowBytes(WeightDType dtype, int blocks) => (nint)blocks * dtype switch
    {
        WeightDType.Q4_K => UnpackedQ4_KBytes,
        WeightDType.Q6_K => UnpackedQ6_KBytes,
        _ => UnpackedBlockBytes,
    };

    /// <summary>
    /// One weight row's quants as the unsigned bytes vpdpbusd takes, so the tile's inner loop is a broadcast load and two
    /// vpdpbusd per row: Q8_0 q + 128, Q4_0 its nibble (q + 8), Q5_0 nibble | fifth bit &lt;&lt; 4 (q + 16), Q4_K its nibble,
    /// Q6_K its six bits (q + 32); the block scales as floats (and the K-quants' sub-block scales and minimums as ints) beside them. Done once per four rows,
    /// where the weights were unpacked once per panel pair before.
    /// </summary>
    private static void Unpack(WeightDType dtype, ref byte row, int blocks, ref byte destination)
    {
        var low = Vector128.Create((byte)0x0F);
        switch (dtype)
        {
            case WeightDType.Q8_0:
                for (int b = 0; b < blocks; b++)
                {
                    ref byte block = ref Unsafe.Add(ref row, b * Q8_0Format.BlockBytes);
                    ref byte to = ref Unsafe.Add(ref destination, b * UnpackedBlockBytes);
                    (Vector256.LoadUnsafe(ref Unsafe.Add(ref block, 2)) ^ Vector256.Create((byte)0x80)).StoreUnsafe(ref to);
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 32), QuantizedDot.HalfAt(ref block, 0));
                }

                break;
            case WeightDType.Q4_0:
                for (int b = 0; b < blocks; b++)
                {
                    ref byte block = ref Unsafe.Add(ref row, b * Q4_0Format.BlockBytes);
                    ref byte to = ref Unsafe.Add(ref destination, b * UnpackedBlockBytes);
                    // Byte m holds value m (low nibble) and value m + 16 (high nibble).
                    var packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref block, 2));
                    (packed & low).StoreUnsafe(ref to);
                    (Vector128.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & low).StoreUnsafe(ref Unsafe.Add(ref to, 16));
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 32), QuantizedDot.HalfAt(ref block, 0));
                }

                break;
            case WeightDType.Q5_0:
                {
                    // Byte i of the broadcast qh word picks byte i / 8 (vpshufb works within 128-bit lanes; the word repeats in
                    // both), then is all ones exactly when bit i % 8 is set: OR with every other bit and compare with all ones.
                    var spread = Vector256.Create(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, (byte)3);
                    var otherBits = Vector256.Create(0x7fbfdfeff7fbfdfeUL).AsByte();
                    var fifth = Vector256.Create((byte)0x10);
                    for (int b = 0; b < blocks; b++)
                    {
                        ref byte block = ref Unsafe.Add(ref row, b * Q5_0Format.BlockBytes);
                        ref byte to = ref Unsafe.Add(ref destination, b * UnpackedBlockBytes);
                        var packed = Vector128.LoadUnsafe(ref Unsafe.Add(ref block, 6));
                        var nibbles = Vector256.Create(packed & low, Vector128.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & low);
                        var bits = Avx2.Shuffle(Vector256.Create(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 2))).AsByte(), spread);
                        (nibbles | (Vector256.Equals(bits | otherBits, Vector256<byte>.AllBitsSet) & fifth)).StoreUnsafe(ref to);
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 32), QuantizedDot.HalfAt(ref block, 0));
                    }

                    break;
                }

            case WeightDType.Q6_K:
                {
                    var high = Vector128.Create((byte)0x30);
                    for (int b = 0; b < blocks; b++)
                    {
                        ref byte block = ref Unsafe.Add(ref row, b * Q6_KFormat.BlockBytes);
                        ref byte to = ref Unsafe.Add(ref destination, b * UnpackedQ6_KBytes);
                        for (int sb = 0; sb < 16; sb++)
                        {
                            // Sub-block sb (values 16 sb .. 16 sb + 15) is output i of ggml's unpacking (q1..q4) for half h, lanes 16 g ..:
                            // low bits from ql's low (i = 0, 1) or high (i = 2, 3) nibbles, at +32 for i = 1, 3; two high bits from qh.
                            int h = sb >> 3, g = sb & 1, i = (sb & 7) >> 1;
                            var l = Vector128.LoadUnsafe(ref Unsafe.Add(ref block, 64 * h + 32 * (i & 1) + 16 * g)).AsUInt16();
                            var hb = Vector128.LoadUnsafe(ref Unsafe.Add(ref block, 128 + 32 * h + 16 * g)).AsUInt16();
                            var bits = i switch { 0 => Vector128.ShiftLeft(hb, 4), 1 => Vector128.ShiftLeft(hb, 2), 2 => hb, _ => Vector128.ShiftRightLogical(hb, 2) };
                            ((Vector128.ShiftRightLogical(l, 4 * (i >> 1)).AsByte() & low) | (bits.AsByte() & high)).StoreUnsafe(ref Unsafe.Add(ref to, 16 * sb));
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 256 + 4 * sb), (int)(sbyte)Unsafe.Add(ref block, 192 + sb));
                        }

                        for (int p = 0; p < 8; p++)
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 320 + 4 * p), (ushort)(short)(sbyte)Unsafe.Add(ref block, 192 + 2 * p) | ((sbyte)Unsafe.Add(ref block, 193 + 2 * p) << 16));
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 352), QuantizedDot.HalfAt(ref block, 208));
                    }

                    break;
                }

            default:
                {
                    var nibble = Vector256.Create((byte)0x0F);
                    for (int b = 0; b < blocks; b++)
                    {
                        ref byte block = ref Unsafe.Add(ref row, b * Q4_KFormat.BlockBytes);
                        ref byte to = ref Unsafe.Add(ref destination, b * UnpackedQ4_KBytes);
                        // Bytes 32 c .. 32 c + 31 hold sub-block 2 c (low nibbles) and 2 c + 1 (high nibbles).
                        for (int c = 0; c < 4; c++)
                        {
                            var packed = Vector256.LoadUnsafe(ref Unsafe.Add(ref block, 16 + 32 * c));
                            (packed & nibble).StoreUnsafe(ref Unsafe.Add(ref to, 64 * c));
                            (Vector256.ShiftRightLogical(packed.AsUInt16(), 4).AsByte() & nibble).StoreUnsafe(ref Unsafe.Add(ref to, 64 * c + 32));
                        }

                        var scales = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref block, 4), 12);
                        for (int j = 0; j < 8; j++)
                        {
                            KQuantMath.GetScaleMinK4(j, scales, out byte sc, out byte m);
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 256 + 4 * j), (int)sc);
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 288 + 4 * j), m * 0x10001);
                        }

                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 320), QuantizedDot.HalfAt(ref block, 0));
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 324), QuantizedDot.HalfAt(ref block, 2));
                    }

                    break;
                }
        }
    }

    /// <summary>
    /// Four unpacked Q8_0, Q4_0 or Q5_0 rows against two panels over all blocks: a[row][panel] lane j = row · token j. Each
    /// block's sum starts at the panel's -128 Σy shifted right by <paramref name="offsetShift"/> (exact: -128, -8 or -16 Σy,
    /// the unsigned weights' offset).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(int offsetShift, bool q4_0, ref byte u0, ref byte u1, ref byte u2, ref byte u3, ref byte p0, ref byte p1, int blocks,
        out Vector256<float> a00, out Vector256<float> a01, out Vector256<float> a10, out Vector256<float> a11,
        out Vector256<float> a20, out Vector256<float> a21, out Vector256<float> a30, out Vector256<float> a31)
    {
        Vector256<float> b00 = default, b01 = default, b10 = default, b11 = default, b20 = default, b21 = default, b30 = default, b31 = default;
        for (int b = 0; b < blocks; b++)
        {
            nint wo = b * UnpackedBlockBytes, po = b * BlockRecordBytes;
            ref byte q0 = ref Unsafe.Add(ref p0, po);
            ref byte q1 = ref Unsafe.Add(ref p1, po);
            var c0 = Vector256.ShiftRightArithmetic(Vector256.LoadUnsafe(ref Unsafe.Add(ref q0, QuantBytes + 32)).AsInt32(), offsetShift);
            var c1 = Vector256.ShiftRightArithmetic(Vector256.LoadUnsafe(ref Unsafe.Add(ref q1, QuantBytes + 32)).AsInt32(), offsetShift);
            Vector256<int> s00 = c0, s01 = c1, s10 = c0, s11 = c1, s20 = c0, s21 = c1, s30 = c0, s31 = c1;
            for (int m = 0; m < 8; m++)
            {
                nint at = wo + 4 * m;
                var y0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q0, 32 * m)).AsSByte();
                var y1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q1, 32 * m)).AsSByte();
                var x = Broadcast(ref u0, at);
                s00 = AvxVnni.MultiplyWideningAndAdd(s00, x, y0);
                s01 = AvxVnni.MultiplyWideningAndAdd(s01, x, y1);
                x = Broadcast(ref u1, at);
                s10 = AvxVnni.MultiplyWideningAndAdd(s10, x, y0);
                s11 = AvxVnni.MultiplyWideningAndAdd(s11, x, y1);
                x = Broadcast(ref u2, at);
                s20 = AvxVnni.MultiplyWideningAndAdd(s20, x, y0);
                s21 = AvxVnni.MultiplyWideningAndAdd(s21, x, y1);
                x = Broadcast(ref u3, at);
                s30 = AvxVnni.MultiplyWideningAndAdd(s30, x, y0);
                s31 = AvxVnni.MultiplyWideningAndAdd(s31, x, y1);
            }

            var d0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q0, QuantBytes)).AsSingle();
            var d1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q1, QuantBytes)).AsSingle();
            nint dAt = wo + 32;
            Accumulate(q4_0, ref b00, ref b01, s00, s01, Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref u0, dAt)), d0, d1);
            Accumulate(q4_0, ref b10, ref b11, s10, s11, Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref u1, dAt)), d0, d1);
            Accumulate(q4_0, ref b20, ref b21, s20, s21, Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref u2, dAt)), d0, d1);
            Accumulate(q4_0, ref b30, ref b31, s30, s31, Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref u3, dAt)), d0, d1);
        }

        (a00, a01, a10, a11, a20, a21, a30, a31) = (b00, b01, b10, b11, b20, b21, b30, b31);
    }

    /// <summary>
    /// <see cref="Tile"/> for unpacked Q4_K or Q6_K rows against Q8_K panels, as <see cref="KQuantDot.DotQ4_KQ8_KScalar"/>
    /// and <see cref="KQuantDot.DotQ6_KQ8_KScalar"/> sum: per super-block the exact int32 Σ_s scale_s Σ q y over the eight
    /// 32-value (Q4_K) or sixteen 16-value (Q6_K) sub-blocks, and from the panel's 16-sums in vpdpwssd Σ_j min_j Σ y (Q4_K)
    /// or 32 Σ_s scale_s Σ y (Q6_K, whose quants are unsigned q + 32); then the float steps of the reference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileK(bool q6, ref byte u0, ref byte u1, ref byte u2, ref byte u3, ref byte p0, ref byte p1, int blocks,
        out Vector256<float> a00, out Vector256<float> a01, out Vector256<float> a10, out Vector256<float> a11,
        out Vector256<float> a20, out Vector256<float> a21, out Vector256<float> a30, out Vector256<float> a31)
    {
        Vector256<float> b00 = default, b01 = default, b10 = default, b11 = default, b20 = default, b21 = default, b30 = default, b31 = default;
        int subBlocks = q6 ? 16 : 8, quads = 64 / subBlocks;
        nint record = q6 ? UnpackedQ6_KBytes : UnpackedQ4_KBytes;
        for (int b = 0; b < blocks; b++)
        {
            nint wo = b * record, po = b * KRecordBytes;
            ref byte q0 = ref Unsafe.Add(ref p0, po);
            ref byte q1 = ref Unsafe.Add(ref p1, po);
            Vector256<int> i00 = default, i01 = default, i10 = default, i11 = default, i20 = default, i21 = default, i30 = default, i31 = default;
            for (int sb = 0, quad = 0; sb < subBlocks; sb++)
            {
                Vector256<int> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
                for (int m = 0; m < quads; m++, quad++)
                {
                    nint at = wo + 4 * quad;
                    var y0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q0, 32 * quad)).AsSByte();
                    var y1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q1, 32 * quad)).AsSByte();
                    var x = Broadcast(ref u0, at);
                    s00 = AvxVnni.MultiplyWideningAndAdd(s00, x, y0);
                    s01 = AvxVnni.MultiplyWideningAndAdd(s01, x, y1);
                    x = Broadcast(ref u1, at);
                    s10 = AvxVnni.MultiplyWideningAndAdd(s10, x, y0);
                    s11 = AvxVnni.MultiplyWideningAndAdd(s11, x, y1);
                    x = Broadcast(ref u2, at);
                    s20 = AvxVnni.MultiplyWideningAndAdd(s20, x, y0);
                    s21 = AvxVnni.MultiplyWideningAndAdd(s21, x, y1);
                    x = Broadcast(ref u3, at);
                    s30 = AvxVnni.MultiplyWideningAndAdd(s30, x, y0);
                    s31 = AvxVnni.MultiplyWideningAndAdd(s31, x, y1);
                }

                nint scaleAt = wo + 256 + 4 * sb;
                var c = Broadcast(ref u0, scaleAt).AsInt32();
                i00 += s00 * c;
                i01 += s01 * c;
                c = Broadcast(ref u1, scaleAt).AsInt32();
                i10 += s10 * c;
                i11 += s11 * c;
                c = Broadcast(ref u2, scaleAt).AsInt32();
                i20 += s20 * c;
                i21 += s21 * c;
                c = Broadcast(ref u3, scaleAt).AsInt32();
                i30 += s30 * c;
                i31 += s31 * c;
            }

            var d0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q0, KQuantBytes)).AsSingle();
            var d1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref q1, KQuantBytes)).AsSingle();
            ref byte sums0 = ref Unsafe.Add(ref q0, KQuantBytes + 32);
            ref byte sums1 = ref Unsafe.Add(ref q1, KQuantBytes + 32);
            AccumulateK(q6, ref b00, ref b01, i00, i01, ref Unsafe.Add(ref u0, wo), ref sums0, ref sums1, d0, d1);
            AccumulateK(q6, ref b10, ref b11, i10, i11, ref Unsafe.Add(ref u1, wo), ref sums0, ref sums1, d0, d1);
            AccumulateK(q6, ref b20, ref b21, i20, i21, ref Unsafe.Add(ref u2, wo), ref sums0, ref sums1, d0, d1);
            AccumulateK(q6, ref b30, ref b31, i30, i31, ref Unsafe.Add(ref u3, wo), ref sums0, ref sums1, d0, d1);
        }

        (a00, a01, a10, a11, a20, a21, a30, a31) = (b00, b01, b10, b11, b20, b21, b30, b31);
    }

    /// <summary>
    /// Q4_K: a += (dy dx) Σ1 - (dy dmin) Σ_j min_j (sum 2j + sum 2j+1); Q6_K: a += (dy dx) (Σ1 - 32 Σ_s scale_s sum_s); lane by
    /// lane as the scalar references round. The weight side of each vpdpwssd is an int16 pair from the unpacked block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateK(bool q6, ref Vector256<float> a0, ref Vector256<float> a1, Vector256<int> i0, Vector256<int> i1, ref byte unpacked,
        ref byte sums0, ref byte sums1, Vector256<float> d0, Vector256<float> d1)
    {
        Vector256<int> m0 = default, m1 = default;
        nint pairsAt = q6 ? 320 : 288;
        for (int p = 0; p < 8; p++)
        {
            var pair = Broadcast(ref unpacked, pairsAt + 4 * p).AsInt16();
            m0 = AvxVnni.MultiplyWideningAndAdd(m0, pair, Vector256.LoadUnsafe(ref Unsafe.Add(ref sums0, 32 * p)).AsInt16());
            m1 = AvxVnni.MultiplyWideningAndAdd(m1, pair, Vector256.LoadUnsafe(ref Unsafe.Add(ref sums1, 32 * p)).AsInt16());
        }

        if (q6)
        {
            var dx = Vector256.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref unpacked, 352)));
            a0 += d0 * dx * Vector256.ConvertToSingle(i0 - Vector256.ShiftLeft(m0, 5));
            a1 += d1 * dx * Vector256.ConvertToSingle(i1 - Vector256.ShiftLeft(m1, 5));
        }
        else
        {
            var dx = Vector256.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref unpacked, 320)));
            var dmin = Vector256.Create(Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref unpacked, 324)));
            a0 += d0 * dx * Vector256.ConvertToSingle(i0) - d0 * dmin * Vector256.ConvertToSingle(m0);
            a1 += d1 * dx * Vector256.ConvertToSingle(i1) - d1 * dmin * Vector256.ConvertToSingle(m1);
        }
    }

    /// <summary>The four bytes at <paramref name="at"/> in every int32 lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Broadcast(ref byte row, nint at) => Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref row, at))).AsByte();

    /// <summary>The scalar reference's float steps, lane by lane: Q8_0 adds s * (dx * dy), Q4_0 adds (s * dx) * dy (no fused multiply-add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(bool q4_0, ref Vector256<float> a0, ref Vector256<float> a1, Vector256<int> s0, Vector256<int> s1, float dx, Vector256<float> d0, Vector256<float> d1)
    {
        var vdx = Vector256.Create(dx);
        if (q4_0)
        {
            a0 += Vector256.ConvertToSingle(s0) * vdx * d0;
            a1 += Vector256.ConvertToSingle(s1) * vdx * d1;
        }
        else
        {
            a0 += Vector256.ConvertToSingle(s0) * (vdx * d0);
            a1 += Vector256.ConvertToSingle(s1) * (vdx * d1);
        }
    }

    /// <summary>y[token0 + j, r + i] = lane j of a_i, for the rows and tokens that exist.</summary>
    private static void Store(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3, ref float y, int ldy, int r, int rows, int token0, int t)
    {
        int tokens = Math.Min(PanelTokens, t - token0);
        for (int j = 0; j < tokens; j++)
        {
            ref float o = ref Unsafe.Add(ref y, (nint)(token0 + j) * ldy + r);
            o = a0.GetElement(j);
            if (rows > 1) Unsafe.Add(ref o, 1) = a1.GetElement(j);
            if (rows > 2) Unsafe.Add(ref o, 2) = a2.GetElement(j);
            if (rows > 3) Unsafe.Add(ref o, 3) = a3.GetElement(j);
        }
    }
}
