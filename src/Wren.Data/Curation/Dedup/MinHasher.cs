using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// MinHash signatures over word n-gram shingles. Each shingle (the n word hashes of
/// <see cref="WordHash"/> combined in order) gets two 64-bit hashes h1 and h2, and its value under
/// permutation j is <c>h1 + j * h2</c> mod 2^64 (Kirsch and Mitzenmacher's double hashing); the
/// signature keeps each permutation's minimum. For two permutations j and k, the values of one shingle
/// differ by <c>(k - j) * h2</c>, uniform and independent of <c>h1 + j * h2</c> when h1 and h2 are,
/// so the indicator "permutation j's minimum is shared" is pairwise independent across permutations,
/// which is all the variance of the Jaccard estimate depends on: it matches P independent
/// permutations (the tests measure it against exact Jaccard), at one vector add per lane instead of
/// a 64-bit multiply, which AVX2 does not have. <see cref="UpdateAll"/> runs a block of signature
/// lanes at a time over all of a document's shingles (the block stays in registers): Vector512 with
/// native unsigned 64-bit min, else AVX2 with the unsigned minimum as a signed compare on values
/// offset by 2^63. <see cref="UpdateScalar"/> is the reference the tests compare every path against.
/// Checked against datatrove's <c>MinhashDedupSignature</c>/<c>Buckets</c>/<c>Cluster</c> on its main branch at
/// a649de79 (2026-08-13; minhash.py last changed in bdc67826, 2025-11-14). The same shape: 5-word shingles,
/// 14 bands of 8 rows, union-find over band matches. Deliberate differences (listed in the README): the
/// permutations are double hashing (<c>h1 + j * h2</c>), not datatrove's <c>(a * h + b) mod (2^61 - 1)</c> over
/// xxhash64, so signatures are not datatrove's (the estimate is as good: the tests measure it against exact
/// Jaccard); a band match becomes a pair only when the full signatures estimate a Jaccard of at least
/// <see cref="MinHashOptions.Threshold"/> (datatrove takes every band match); words are <see cref="WordHash"/>'s,
/// not NLTK's over <c>simplify_text</c>; a cluster keeps its longest (or newest, or first) member, not
/// union-find's root.
/// </summary>
public sealed class MinHasher
{
    private const ulong SignBit = 0x8000_0000_0000_0000UL;
    private const int ShingleChunk = 2048;
    private const int BlockVectors = 14;
    private const int ShingleRotation = 13;
    private readonly ulong _seed1;
    private readonly ulong _seed2;

    public MinHasher(int permutations, int ngram, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ngram, 1);
        Permutations = permutations;
        NGram = ngram;
        ulong state = seed;
        _seed1 = SplitMix(ref state);
        _seed2 = SplitMix(ref state);
    }

    public int Permutations { get; }

    public int NGram { get; }

    /// <summary>Computes the signature of <paramref name="text"/> into <paramref name="signature"/> (length P).</summary>
    // Fully optimized from the first call: a signature task runs this hot loop over a whole shard at once, no time to tier up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(string text, Span<ulong> signature, List<ulong>? wordScratch = null)
    {
        CheckLength(signature);
        var words = wordScratch ?? new List<ulong>();
        words.Clear();
        WordHash.AppendAll(text, words);
        signature.Fill(ulong.MaxValue);
        int n = NGram;
        if (words.Count == 0)
        {
            return;
        }
        ReadOnlySpan<ulong> w = CollectionsMarshal.AsSpan(words);
        int total = Math.Max(w.Length - n + 1, 1);
        int size = Math.Min(total, ShingleChunk);
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(2 * size);
        try
        {
            Span<ulong> h1 = buffer.AsSpan(0, size);
            Span<ulong> h2 = buffer.AsSpan(size, size);
            // A text shorter than one shingle is one shingle of all its words, so it matches only a text of the
            // same words, which exact dedup finds anyway (datatrove gives it no signature: never a near-duplicate).
            ulong x = ShingleHash(w[..Math.Min(n, w.Length)]);
            int rotate = (Math.Min(n, w.Length) - 1) * ShingleRotation;
            ulong seed1 = _seed1, seed2 = _seed2;
            int filled = 0;
            for (int i = 0; ; i++)
            {
                h1[filled] = WordHash.Mix64(x ^ seed1);
                h2[filled] = WordHash.Mix64(x ^ seed2);
                filled++;
                if (i == total - 1)
                {
                    Update(h1[..filled], h2[..filled], signature);
                    break;
                }
                if (filled == h1.Length)
                {
                    Update(h1, h2, signature);
                    filled = 0;
                }
                // Roll the window by one word: drop the first word, rotate the rest one place down, add the new last word.
                x = BitOperations.RotateRight(x ^ w[i], ShingleRotation) ^ BitOperations.RotateLeft(w[i + n], rotate);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The hash of a shingle: word k's hash rotated left by 13k bits, all XORed. Order-sensitive, and
    /// it rolls (the next window is one rotation and two XORs away). Distinct shingles collide only
    /// if their word hashes satisfy a linear relation that random 64-bit hashes meet with probability
    /// about 2^-60 (the rotation sums are invertible, or nearly, in GF(2)[t]/(t^64 - 1)); the two
    /// finalizers of <see cref="DoubleHash"/> make the result nonlinear.
    /// </summary>
    public static ulong ShingleHash(ReadOnlySpan<ulong> words)
    {
        ulong x = 0;
        for (int k = 0; k < words.Length; k++)
        {
            x ^= BitOperations.RotateLeft(words[k], k * ShingleRotation);
        }
        return x;
    }

    /// <summary>Hashes of the lower-cased words of <paramref name="text"/> (letters and digits; punctuation ignored): <see cref="WordHash.AppendAll"/>.</summary>
    public static void HashWords(string text, List<ulong> hashes) => WordHash.AppendAll(text, hashes);

    /// <summary>The two hashes of a shingle hash that define its value under every permutation: h1 + j * h2.</summary>
    public (ulong H1, ulong H2) DoubleHash(ulong shingle) =>
        (WordHash.Mix64(shingle ^ _seed1), WordHash.Mix64(shingle ^ _seed2));

    /// <summary>signature[j] = min(signature[j], h1 + j * h2) mod 2^64 for every shingle and every j, with each shingle's <see cref="DoubleHash"/>.</summary>
    public void UpdateAll(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        CheckLength(signature);
        Span<ulong> h1 = stackalloc ulong[64];
        Span<ulong> h2 = stackalloc ulong[64];
        for (int done = 0; done < shingles.Length; done += h1.Length)
        {
            int count = Math.Min(h1.Length, shingles.Length - done);
            for (int i = 0; i < count; i++)
            {
                (h1[i], h2[i]) = DoubleHash(shingles[done + i]);
            }
            Update(h1[..count], h2[..count], signature);
        }
    }

    /// <summary>signature[j] = min(signature[j], h1[t] + j * h2[t]) mod 2^64 for every t and j: the widest path this machine runs.</summary>
    public static void Update(ReadOnlySpan<ulong> h1, ReadOnlySpan<ulong> h2, Span<ulong> signature)
    {
        if (h1.Length != h2.Length)
        {
            throw new ArgumentException($"h1 has {h1.Length} entries, h2 {h2.Length}", nameof(h2));
        }
        if (Vector512.IsHardwareAccelerated)
        {
            UpdateVector512(h1, h2, signature);
        }
        else if (Vector256.IsHardwareAccelerated && Avx2.IsSupported)
        {
            UpdateAvx2(h1, h2, signature);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            UpdateVector128(h1, h2, signature);
        }
        else
        {
            UpdateScalar(h1, h2, signature);
        }
    }

    /// <summary>The Vector512 path: 8 lanes a vector, native unsigned 64-bit min; blocks of 14 vectors (112 lanes, the default P in one pass) in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UpdateVector512(ReadOnlySpan<ulong> h1, ReadOnlySpan<ulong> h2, Span<ulong> signature)
    {
        const int Lanes = 8; // Vector512<ulong>.Count
        int full = signature.Length / Lanes;
        ref ulong rs = ref MemoryMarshal.GetReference(signature);
        // Lane l of a vector starting at permutation j holds h1 + (j + l) * h2: the (l & 1, l & 2, l & 4) multiples of h2 by masks.
        var odd = Vector512.Create(0UL, ~0UL, 0UL, ~0UL, 0UL, ~0UL, 0UL, ~0UL);
        var twos = Vector512.Create(0UL, 0UL, ~0UL, ~0UL, 0UL, 0UL, ~0UL, ~0UL);
        var fours = Vector512.Create(0UL, 0UL, 0UL, 0UL, ~0UL, ~0UL, ~0UL, ~0UL);
        int v = 0;
        for (; v + BlockVectors <= full; v += BlockVectors)
        {
            nuint j = (nuint)(v * Lanes);
            var s0 = Vector512.LoadUnsafe(ref rs, j);
            var s1 = Vector512.LoadUnsafe(ref rs, j + Lanes);
            var s2 = Vector512.LoadUnsafe(ref rs, j + 2 * Lanes);
            var s3 = Vector512.LoadUnsafe(ref rs, j + 3 * Lanes);
            var s4 = Vector512.LoadUnsafe(ref rs, j + 4 * Lanes);
            var s5 = Vector512.LoadUnsafe(ref rs, j + 5 * Lanes);
            var s6 = Vector512.LoadUnsafe(ref rs, j + 6 * Lanes);
            var s7 = Vector512.LoadUnsafe(ref rs, j + 7 * Lanes);
            var s8 = Vector512.LoadUnsafe(ref rs, j + 8 * Lanes);
            var s9 = Vector512.LoadUnsafe(ref rs, j + 9 * Lanes);
            var s10 = Vector512.LoadUnsafe(ref rs, j + 10 * Lanes);
            var s11 = Vector512.LoadUnsafe(ref rs, j + 11 * Lanes);
            var s12 = Vector512.LoadUnsafe(ref rs, j + 12 * Lanes);
            var s13 = Vector512.LoadUnsafe(ref rs, j + 13 * Lanes);
            for (int t = 0; t < h1.Length; t++)
            {
                var d = Vector512.Create(h2[t]);
                var x = Vector512.Create(h1[t] + j * h2[t]) + (d & odd) + ((d << 1) & twos) + ((d << 2) & fours);
                var step = d << 3;
                s0 = Vector512.Min(s0, x);
                x += step;
                s1 = Vector512.Min(s1, x);
                x += step;
                s2 = Vector512.Min(s2, x);
                x += step;
                s3 = Vector512.Min(s3, x);
                x += step;
                s4 = Vector512.Min(s4, x);
                x += step;
                s5 = Vector512.Min(s5, x);
                x += step;
                s6 = Vector512.Min(s6, x);
                x += step;
                s7 = Vector512.Min(s7, x);
                x += step;
                s8 = Vector512.Min(s8, x);
                x += step;
                s9 = Vector512.Min(s9, x);
                x += step;
                s10 = Vector512.Min(s10, x);
                x += step;
                s11 = Vector512.Min(s11, x);
                x += step;
                s12 = Vector512.Min(s12, x);
                x += step;
                s13 = Vector512.Min(s13, x);
            }
            s0.StoreUnsafe(ref rs, j);
            s1.StoreUnsafe(ref rs, j + Lanes);
            s2.StoreUnsafe(ref rs, j + 2 * Lanes);
            s3.StoreUnsafe(ref rs, j + 3 * Lanes);
            s4.StoreUnsafe(ref rs, j + 4 * Lanes);
            s5.StoreUnsafe(ref rs, j + 5 * Lanes);
            s6.StoreUnsafe(ref rs, j + 6 * Lanes);
            s7.StoreUnsafe(ref rs, j + 7 * Lanes);
            s8.StoreUnsafe(ref rs, j + 8 * Lanes);
            s9.StoreUnsafe(ref rs, j + 9 * Lanes);
            s10.StoreUnsafe(ref rs, j + 10 * Lanes);
            s11.StoreUnsafe(ref rs, j + 11 * Lanes);
            s12.StoreUnsafe(ref rs, j + 12 * Lanes);
            s13.StoreUnsafe(ref rs, j + 13 * Lanes);
        }
        for (; v < full; v++)
        {
            nuint j = (nuint)(v * Lanes);
            var s = Vector512.LoadUnsafe(ref rs, j);
            for (int t = 0; t < h1.Length; t++)
            {
                var d = Vector512.Create(h2[t]);
                s = Vector512.Min(s, Vector512.Create(h1[t] + j * h2[t]) + (d & odd) + ((d << 1) & twos) + ((d << 2) & fours));
            }
            s.StoreUnsafe(ref rs, j);
        }
        UpdateScalar(h1, h2, signature, full * Lanes);
    }

    /// <summary>The Vector128 path (ARM64's NEON has an unsigned 64-bit compare; x86 without AVX2 emulates it): 2 lanes a vector, blocks of 14 vectors (28 lanes) in NEON's 32 registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UpdateVector128(ReadOnlySpan<ulong> h1, ReadOnlySpan<ulong> h2, Span<ulong> signature)
    {
        const int Lanes = 2; // Vector128<ulong>.Count
        int full = signature.Length / Lanes;
        ref ulong rs = ref MemoryMarshal.GetReference(signature);
        // Lane l of a vector starting at permutation j holds h1 + (j + l) * h2: h2 added to lane 1 by a mask.
        var odd = Vector128.Create(0UL, ~0UL);
        int v = 0;
        for (; v + BlockVectors <= full; v += BlockVectors)
        {
            nuint j = (nuint)(v * Lanes);
            var s0 = Vector128.LoadUnsafe(ref rs, j);
            var s1 = Vector128.LoadUnsafe(ref rs, j + Lanes);
            var s2 = Vector128.LoadUnsafe(ref rs, j + 2 * Lanes);
            var s3 = Vector128.LoadUnsafe(ref rs, j + 3 * Lanes);
            var s4 = Vector128.LoadUnsafe(ref rs, j + 4 * Lanes);
            var s5 = Vector128.LoadUnsafe(ref rs, j + 5 * Lanes);
            var s6 = Vector128.LoadUnsafe(ref rs, j + 6 * Lanes);
            var s7 = Vector128.LoadUnsafe(ref rs, j + 7 * Lanes);
            var s8 = Vector128.LoadUnsafe(ref rs, j + 8 * Lanes);
            var s9 = Vector128.LoadUnsafe(ref rs, j + 9 * Lanes);
            var s10 = Vector128.LoadUnsafe(ref rs, j + 10 * Lanes);
            var s11 = Vector128.LoadUnsafe(ref rs, j + 11 * Lanes);
            var s12 = Vector128.LoadUnsafe(ref rs, j + 12 * Lanes);
            var s13 = Vector128.LoadUnsafe(ref rs, j + 13 * Lanes);
            for (int t = 0; t < h1.Length; t++)
            {
                var d = Vector128.Create(h2[t]);
                var x = Vector128.Create(h1[t] + j * h2[t]) + (d & odd);
                var step = d << 1;
                s0 = Vector128.Min(s0, x);
                x += step;
                s1 = Vector128.Min(s1, x);
                x += step;
                s2 = Vector128.Min(s2, x);
                x += step;
                s3 = Vector128.Min(s3, x);
                x += step;
                s4 = Vector128.Min(s4, x);
                x += step;
                s5 = Vector128.Min(s5, x);
                x += step;
                s6 = Vector128.Min(s6, x);
                x += step;
                s7 = Vector128.Min(s7, x);
                x += step;
                s8 = Vector128.Min(s8, x);
                x += step;
                s9 = Vector128.Min(s9, x);
                x += step;
                s10 = Vector128.Min(s10, x);
                x += step;
                s11 = Vector128.Min(s11, x);
                x += step;
                s12 = Vector128.Min(s12, x);
                x += step;
                s13 = Vector128.Min(s13, x);
            }
            s0.StoreUnsafe(ref rs, j);
            s1.StoreUnsafe(ref rs, j + Lanes);
            s2.StoreUnsafe(ref rs, j + 2 * Lanes);
            s3.StoreUnsafe(ref rs, j + 3 * Lanes);
            s4.StoreUnsafe(ref rs, j + 4 * Lanes);
            s5.StoreUnsafe(ref rs, j + 5 * Lanes);
            s6.StoreUnsafe(ref rs, j + 6 * Lanes);
            s7.StoreUnsafe(ref rs, j + 7 * Lanes);
            s8.StoreUnsafe(ref rs, j + 8 * Lanes);
            s9.StoreUnsafe(ref rs, j + 9 * Lanes);
            s10.StoreUnsafe(ref rs, j + 10 * Lanes);
            s11.StoreUnsafe(ref rs, j + 11 * Lanes);
            s12.StoreUnsafe(ref rs, j + 12 * Lanes);
            s13.StoreUnsafe(ref rs, j + 13 * Lanes);
        }
        for (; v < full; v++)
        {
            nuint j = (nuint)(v * Lanes);
            var s = Vector128.LoadUnsafe(ref rs, j);
            for (int t = 0; t < h1.Length; t++)
            {
                var d = Vector128.Create(h2[t]);
                s = Vector128.Min(s, Vector128.Create(h1[t] + j * h2[t]) + (d & odd));
            }
            s.StoreUnsafe(ref rs, j);
        }
        UpdateScalar(h1, h2, signature, full * Lanes);
    }

    /// <summary>
    /// The AVX2 path (AVX2 has no unsigned 64-bit min): values are kept with their top bit flipped,
    /// which a signed compare orders as unsigned; h1 + 2^63 + j * h2 is the flipped value, so only
    /// the signature is flipped on load and back on store. Blocks of 14 vectors (56 lanes) stay in
    /// registers; with the shingle's vector, step and compare mask that is one more than AVX2's 16, and
    /// the JIT keeps the lane masks in memory instead, which measured 18% faster than blocks of 7.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UpdateAvx2(ReadOnlySpan<ulong> h1, ReadOnlySpan<ulong> h2, Span<ulong> signature)
    {
        const int Lanes = 4; // Vector256<ulong>.Count
        int full = signature.Length / Lanes;
        ref ulong rs = ref MemoryMarshal.GetReference(signature);
        var sign = Vector256.Create(SignBit);
        var odd = Vector256.Create(0UL, ~0UL, 0UL, ~0UL);
        var twos = Vector256.Create(0UL, 0UL, ~0UL, ~0UL);
        int v = 0;
        for (; v + BlockVectors <= full; v += BlockVectors)
        {
            nuint j = (nuint)(v * Lanes);
            var s0 = Vector256.LoadUnsafe(ref rs, j) ^ sign;
            var s1 = Vector256.LoadUnsafe(ref rs, j + Lanes) ^ sign;
            var s2 = Vector256.LoadUnsafe(ref rs, j + 2 * Lanes) ^ sign;
            var s3 = Vector256.LoadUnsafe(ref rs, j + 3 * Lanes) ^ sign;
            var s4 = Vector256.LoadUnsafe(ref rs, j + 4 * Lanes) ^ sign;
            var s5 = Vector256.LoadUnsafe(ref rs, j + 5 * Lanes) ^ sign;
            var s6 = Vector256.LoadUnsafe(ref rs, j + 6 * Lanes) ^ sign;
            var s7 = Vector256.LoadUnsafe(ref rs, j + 7 * Lanes) ^ sign;
            var s8 = Vector256.LoadUnsafe(ref rs, j + 8 * Lanes) ^ sign;
            var s9 = Vector256.LoadUnsafe(ref rs, j + 9 * Lanes) ^ sign;
            var s10 = Vector256.LoadUnsafe(ref rs, j + 10 * Lanes) ^ sign;
            var s11 = Vector256.LoadUnsafe(ref rs, j + 11 * Lanes) ^ sign;
            var s12 = Vector256.LoadUnsafe(ref rs, j + 12 * Lanes) ^ sign;
            var s13 = Vector256.LoadUnsafe(ref rs, j + 13 * Lanes) ^ sign;
            for (int t = 0; t < h1.Length; t++)
            {
                var d = Vector256.Create(h2[t]);
                var x = Vector256.Create((h1[t] ^ SignBit) + j * h2[t]) + (d & odd) + ((d << 1) & twos);
                var step = d << 2;
                s0 = MinFlipped(s0, x);
                x += step;
                s1 = MinFlipped(s1, x);
                x += step;
                s2 = MinFlipped(s2, x);
                x += step;
                s3 = MinFlipped(s3, x);
                x += step;
                s4 = MinFlipped(s4, x);
                x += step;
                s5 = MinFlipped(s5, x);
                x += step;
                s6 = MinFlipped(s6, x);
                x += step;
                s7 = MinFlipped(s7, x);
                x += step;
                s8 = MinFlipped(s8, x);
                x += step;
                s9 = MinFlipped(s9, x);
                x += step;
                s10 = MinFlipped(s10, x);
                x += step;
                s11 = MinFlipped(s11, x);
                x += step;
                s12 = MinFlipped(s12, x);
                x += step;
                s13 = MinFlipped(s13, x);
            }
            (s0 ^ sign).StoreUnsafe(ref rs, j);
            (s1 ^ sign).StoreUnsafe(ref rs, j + Lanes);
            (s2 ^ sign).StoreUnsafe(ref rs, j + 2 * Lanes);
            (s3 ^ sign).StoreUnsafe(ref rs, j + 3 * Lanes);
            (s4 ^ sign).StoreUnsafe(ref rs, j + 4 * Lanes);
            (s5 ^ sign).StoreUnsafe(ref rs, j + 5 * Lanes);
            (s6 ^ sign).StoreUnsafe(ref rs, j + 6 * Lanes);
            (s7 ^ sign).StoreUnsafe(ref rs, j + 7 * Lanes);
            (s8 ^ sign).StoreUnsafe(ref rs, j + 8 * Lanes);
            (s9 ^ sign).StoreUnsafe(ref rs, j + 9 * Lanes);
            (s10 ^ sign).StoreUnsafe(ref rs, j + 10 * Lanes);
            (s11 ^ sign).StoreUnsafe(ref rs, j + 11 * Lanes);
            (s12 ^ sign).StoreUnsafe(ref rs, j + 12 * Lanes);
            (s13 ^ sign).StoreUnsafe(ref rs, j + 13 * Lanes);
        }
        for (; v < full; v++)
        {
            nuint j = (nuint)(v * Lanes);
            var s = Vector256.LoadUnsafe(ref rs, j) ^ sign;
            for (int t = 0; t < h1.Length; t++)
            {
                var d = Vector256.Create(h2[t]);
                s = MinFlipped(s, Vector256.Create((h1[t] ^ SignBit) + j * h2[t]) + (d & odd) + ((d << 1) & twos));
            }
            (s ^ sign).StoreUnsafe(ref rs, j);
        }
        UpdateScalar(h1, h2, signature, full * Lanes);
    }

    /// <summary>Unsigned minimum of two vectors held with their top bits flipped: a signed compare and a blend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MinFlipped(Vector256<ulong> s, Vector256<ulong> v) =>
        Avx2.BlendVariable(s.AsByte(), v.AsByte(), Avx2.CompareGreaterThan(s.AsInt64(), v.AsInt64()).AsByte()).AsUInt64();

    /// <summary>The scalar reference of <see cref="Update"/>: signature[j] = min(signature[j], h1[t] + j * h2[t]) for j from <paramref name="firstLane"/> on.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void UpdateScalar(ReadOnlySpan<ulong> h1, ReadOnlySpan<ulong> h2, Span<ulong> signature, int firstLane = 0)
    {
        for (int t = 0; t < h1.Length; t++)
        {
            ulong step = h2[t];
            ulong x = h1[t] + (ulong)firstLane * step;
            for (int j = firstLane; j < signature.Length; j++)
            {
                if (x < signature[j])
                {
                    signature[j] = x;
                }
                x += step;
            }
        }
    }

    /// <summary>Fraction of equal entries: the MinHash estimate of Jaccard similarity.</summary>
    public static double EstimateJaccard(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        int equal = 0;
        for (int j = 0; j < x.Length; j++)
        {
            if (x[j] == y[j])
            {
                equal++;
            }
        }
        return (double)equal / x.Length;
    }

    /// <summary>The LSH key of band <paramref name="band"/>: a hash of its rows (and the band number).</summary>
    public static ulong BandKey(ReadOnlySpan<ulong> signature, int band, int rows)
    {
        ulong h = (ulong)band * 0x9E3779B97F4A7C15UL;
        foreach (ulong v in signature.Slice(band * rows, rows))
        {
            h = TextHash.Combine(h, v);
        }
        return h;
    }

    private void CheckLength(Span<ulong> signature)
    {
        if (signature.Length != Permutations)
        {
            throw new ArgumentException($"signature has {signature.Length} entries, the hasher {Permutations} permutations", nameof(signature));
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
