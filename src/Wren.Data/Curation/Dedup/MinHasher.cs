using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// MinHash signatures over word n-gram shingles. Each shingle is hashed once to 64 bits (XxHash3 of
/// each lower-cased word, combined per n-gram); the P permutations are <c>a_j * h + b_j</c> mod 2^64
/// with odd <c>a_j</c> (a bijection on 64-bit values), and the signature keeps each permutation's
/// minimum. <see cref="UpdateAll"/> runs a document's shingles through the P permutations a block of
/// signature lanes at a time (the block stays in registers): Vector512 where AVX-512 multiplies
/// 64-bit lanes natively, else AVX2 with the 64-bit product built from three 32x32-bit multiplies
/// and the unsigned minimum as a signed compare on values offset by 2^63. <see cref="UpdateScalar"/>
/// is the reference the tests compare every path against.
/// </summary>
public sealed class MinHasher
{
    private const ulong SignBit = 0x8000_0000_0000_0000UL;
    private const int ShingleChunk = 1024;
    private readonly ulong[] _a;
    private readonly ulong[] _b;
    // The AVX2 path's forms of a and b: the high 32-bit half of a (vpmuludq reads only a lane's low
    // half, so a itself serves as the low half), and b + 2^63 (so that the sum is the permuted value
    // with its top bit flipped, which turns unsigned order into signed order).
    private readonly ulong[] _aHigh;
    private readonly ulong[] _bFlipped;

    public MinHasher(int permutations, int ngram, ulong seed)
    {
        Permutations = permutations;
        NGram = ngram;
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        _aHigh = new ulong[permutations];
        _bFlipped = new ulong[permutations];
        ulong state = seed;
        for (int j = 0; j < permutations; j++)
        {
            _a[j] = SplitMix(ref state) | 1UL;
            _b[j] = SplitMix(ref state);
            _aHigh[j] = _a[j] >> 32;
            _bFlipped[j] = _b[j] + SignBit;
        }
    }

    public int Permutations { get; }

    public int NGram { get; }

    /// <summary>Computes the signature of <paramref name="text"/> into <paramref name="signature"/> (length P).</summary>
    public void Compute(string text, Span<ulong> signature, List<ulong>? wordScratch = null)
    {
        var words = wordScratch ?? new List<ulong>();
        words.Clear();
        HashWords(text, words);
        signature.Fill(ulong.MaxValue);
        int n = NGram;
        if (words.Count == 0)
        {
            return;
        }
        ReadOnlySpan<ulong> w = CollectionsMarshal.AsSpan(words);
        if (w.Length < n)
        {
            // Shorter than one shingle: the whole text is the only shingle (as datatrove does).
            ulong h = w[0];
            for (int k = 1; k < w.Length; k++)
            {
                h = TextHash.Combine(h, w[k]);
            }
            UpdateAll([h], signature);
            return;
        }
        int total = w.Length - n + 1;
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(Math.Min(total, ShingleChunk));
        try
        {
            for (int done = 0; done < total;)
            {
                int count = Math.Min(ShingleChunk, total - done);
                Span<ulong> shingles = buffer.AsSpan(0, count);
                for (int i = 0; i < count; i++)
                {
                    ReadOnlySpan<ulong> gram = w.Slice(done + i, n);
                    ulong h = gram[0];
                    for (int k = 1; k < gram.Length; k++)
                    {
                        h = TextHash.Combine(h, gram[k]);
                    }
                    shingles[i] = h;
                }
                UpdateAll(shingles, signature);
                done += count;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes of the lower-cased words of <paramref name="text"/> (letters and digits; punctuation ignored).</summary>
    public static void HashWords(string text, List<ulong> hashes)
    {
        Span<char> buffer = stackalloc char[128];
        int i = 0;
        int length = text.Length;
        while (i < length)
        {
            char c = text[i];
            // Han, kana and the like are letters too, so this test comes first: each is a word of its
            // own. (Testing it only for non-word characters left the word loop below unable to advance
            // on them, and it appended empty-word hashes forever: the full-corpus bench's OOM.)
            if (c >= 0x2E80 && WordTokenizer.IsIdeographic(c))
            {
                hashes.Add(TextHash.Of(text.AsSpan(i, 1)));
                i++;
                continue;
            }
            if (!IsWordChar(c))
            {
                i++;
                continue;
            }
            int n = 0;
            while (i < length && IsWordChar(text[i]) && !(text[i] >= 0x2E80 && WordTokenizer.IsIdeographic(text[i])))
            {
                if (n < buffer.Length)
                {
                    char ch = text[i];
                    buffer[n++] = ch < 128 ? (char)(ch | (((uint)(ch - 'A') <= 'Z' - 'A') ? 0x20 : 0)) : char.ToLowerInvariant(ch);
                }
                i++;
            }
            hashes.Add(TextHash.Of(buffer[..n]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c) =>
        c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 : char.IsLetterOrDigit(c);

    /// <summary>
    /// signature[j] = min(signature[j], a[j] * h + b[j]) mod 2^64 for every shingle h and every j, with
    /// this hasher's a and b (signature length P). Same result as <see cref="UpdateScalar"/> per shingle.
    /// </summary>
    public void UpdateAll(ReadOnlySpan<ulong> shingles, Span<ulong> signature)
    {
        if (signature.Length != Permutations)
        {
            throw new ArgumentException($"signature has {signature.Length} entries, the hasher {Permutations} permutations", nameof(signature));
        }
        int j = 0;
        if (Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported)
        {
            j = UpdateVector512(shingles, _a, _b, signature);
        }
        else if (Avx2.IsSupported)
        {
            j = UpdateAvx2(shingles, _a, _aHigh, _bFlipped, signature);
        }
        if (j < signature.Length)
        {
            foreach (ulong h in shingles)
            {
                UpdateScalar(h, _a.AsSpan(j), _b.AsSpan(j), signature[j..]);
            }
        }
    }

    /// <summary>The Vector512 path: native 64-bit multiply and unsigned min; returns how many lanes it covered.</summary>
    internal static int UpdateVector512(ReadOnlySpan<ulong> shingles, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> signature)
    {
        const int Lanes = 8; // Vector512<ulong>.Count
        int full = signature.Length / Lanes * Lanes;
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rs = ref MemoryMarshal.GetReference(signature);
        int j = 0;
        // Four vectors (32 permutations) per block, kept in registers over all shingles.
        for (; j + 4 * Lanes <= full; j += 4 * Lanes)
        {
            var a0 = Vector512.LoadUnsafe(ref ra, (nuint)j);
            var a1 = Vector512.LoadUnsafe(ref ra, (nuint)(j + Lanes));
            var a2 = Vector512.LoadUnsafe(ref ra, (nuint)(j + 2 * Lanes));
            var a3 = Vector512.LoadUnsafe(ref ra, (nuint)(j + 3 * Lanes));
            var b0 = Vector512.LoadUnsafe(ref rb, (nuint)j);
            var b1 = Vector512.LoadUnsafe(ref rb, (nuint)(j + Lanes));
            var b2 = Vector512.LoadUnsafe(ref rb, (nuint)(j + 2 * Lanes));
            var b3 = Vector512.LoadUnsafe(ref rb, (nuint)(j + 3 * Lanes));
            var s0 = Vector512.LoadUnsafe(ref rs, (nuint)j);
            var s1 = Vector512.LoadUnsafe(ref rs, (nuint)(j + Lanes));
            var s2 = Vector512.LoadUnsafe(ref rs, (nuint)(j + 2 * Lanes));
            var s3 = Vector512.LoadUnsafe(ref rs, (nuint)(j + 3 * Lanes));
            foreach (ulong h in shingles)
            {
                var hv = Vector512.Create(h);
                s0 = Vector512.Min(s0, a0 * hv + b0);
                s1 = Vector512.Min(s1, a1 * hv + b1);
                s2 = Vector512.Min(s2, a2 * hv + b2);
                s3 = Vector512.Min(s3, a3 * hv + b3);
            }
            s0.StoreUnsafe(ref rs, (nuint)j);
            s1.StoreUnsafe(ref rs, (nuint)(j + Lanes));
            s2.StoreUnsafe(ref rs, (nuint)(j + 2 * Lanes));
            s3.StoreUnsafe(ref rs, (nuint)(j + 3 * Lanes));
        }
        for (; j < full; j += Lanes)
        {
            var av = Vector512.LoadUnsafe(ref ra, (nuint)j);
            var bv = Vector512.LoadUnsafe(ref rb, (nuint)j);
            var sv = Vector512.LoadUnsafe(ref rs, (nuint)j);
            foreach (ulong h in shingles)
            {
                sv = Vector512.Min(sv, av * Vector512.Create(h) + bv);
            }
            sv.StoreUnsafe(ref rs, (nuint)j);
        }
        return full;
    }

    /// <summary>
    /// The AVX2 path (no 64-bit multiply or unsigned 64-bit min in AVX2): a*h mod 2^64 =
    /// lo(a)lo(h) + ((hi(a)lo(h) + lo(a)hi(h)) &lt;&lt; 32) with <c>vpmuludq</c>; the sum with b + 2^63 is the
    /// value with its top bit flipped, so a signed compare orders it as unsigned. The signature block
    /// is flipped on load and back on store. Returns how many lanes it covered.
    /// </summary>
    internal static int UpdateAvx2(ReadOnlySpan<ulong> shingles, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> aHigh, ReadOnlySpan<ulong> bFlipped, Span<ulong> signature)
    {
        const int Lanes = 4; // Vector256<ulong>.Count
        int full = signature.Length / Lanes * Lanes;
        ref ulong rl = ref MemoryMarshal.GetReference(a);
        ref ulong rh = ref MemoryMarshal.GetReference(aHigh);
        ref ulong rb = ref MemoryMarshal.GetReference(bFlipped);
        ref ulong rs = ref MemoryMarshal.GetReference(signature);
        var sign = Vector256.Create(SignBit);
        int j = 0;
        // Four vectors (16 permutations) per block: 4 signature registers stay live over all shingles;
        // a and b are reloaded from L1 per shingle (12 more would not fit AVX2's 16 registers).
        for (; j + 4 * Lanes <= full; j += 4 * Lanes)
        {
            var s0 = Vector256.LoadUnsafe(ref rs, (nuint)j) ^ sign;
            var s1 = Vector256.LoadUnsafe(ref rs, (nuint)(j + Lanes)) ^ sign;
            var s2 = Vector256.LoadUnsafe(ref rs, (nuint)(j + 2 * Lanes)) ^ sign;
            var s3 = Vector256.LoadUnsafe(ref rs, (nuint)(j + 3 * Lanes)) ^ sign;
            foreach (ulong h in shingles)
            {
                var hLow = Vector256.Create(h).AsUInt32();
                var hHigh = Vector256.Create(h >> 32).AsUInt32();
                s0 = MinFlipped(s0, Permute(Vector256.LoadUnsafe(ref rl, (nuint)j), Vector256.LoadUnsafe(ref rh, (nuint)j), Vector256.LoadUnsafe(ref rb, (nuint)j), hLow, hHigh));
                s1 = MinFlipped(s1, Permute(Vector256.LoadUnsafe(ref rl, (nuint)(j + Lanes)), Vector256.LoadUnsafe(ref rh, (nuint)(j + Lanes)), Vector256.LoadUnsafe(ref rb, (nuint)(j + Lanes)), hLow, hHigh));
                s2 = MinFlipped(s2, Permute(Vector256.LoadUnsafe(ref rl, (nuint)(j + 2 * Lanes)), Vector256.LoadUnsafe(ref rh, (nuint)(j + 2 * Lanes)), Vector256.LoadUnsafe(ref rb, (nuint)(j + 2 * Lanes)), hLow, hHigh));
                s3 = MinFlipped(s3, Permute(Vector256.LoadUnsafe(ref rl, (nuint)(j + 3 * Lanes)), Vector256.LoadUnsafe(ref rh, (nuint)(j + 3 * Lanes)), Vector256.LoadUnsafe(ref rb, (nuint)(j + 3 * Lanes)), hLow, hHigh));
            }
            (s0 ^ sign).StoreUnsafe(ref rs, (nuint)j);
            (s1 ^ sign).StoreUnsafe(ref rs, (nuint)(j + Lanes));
            (s2 ^ sign).StoreUnsafe(ref rs, (nuint)(j + 2 * Lanes));
            (s3 ^ sign).StoreUnsafe(ref rs, (nuint)(j + 3 * Lanes));
        }
        for (; j < full; j += Lanes)
        {
            var sv = Vector256.LoadUnsafe(ref rs, (nuint)j) ^ sign;
            var lv = Vector256.LoadUnsafe(ref rl, (nuint)j);
            var hv = Vector256.LoadUnsafe(ref rh, (nuint)j);
            var bv = Vector256.LoadUnsafe(ref rb, (nuint)j);
            foreach (ulong h in shingles)
            {
                sv = MinFlipped(sv, Permute(lv, hv, bv, Vector256.Create(h).AsUInt32(), Vector256.Create(h >> 32).AsUInt32()));
            }
            (sv ^ sign).StoreUnsafe(ref rs, (nuint)j);
        }
        return full;
    }

    /// <summary>(a * h + b) mod 2^64 per 64-bit lane from 32-bit halves (each multiply reads the low dword of every lane: aLow may be a itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Permute(Vector256<ulong> aLow, Vector256<ulong> aHigh, Vector256<ulong> b, Vector256<uint> hLow, Vector256<uint> hHigh)
    {
        var low = Avx2.Multiply(aLow.AsUInt32(), hLow);
        var cross = Avx2.Multiply(aHigh.AsUInt32(), hLow) + Avx2.Multiply(aLow.AsUInt32(), hHigh);
        return low + Avx2.ShiftLeftLogical(cross, 32) + b;
    }

    /// <summary>Unsigned minimum of two vectors held with their top bits flipped: a signed compare and a blend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MinFlipped(Vector256<ulong> s, Vector256<ulong> v) =>
        Avx2.BlendVariable(s.AsByte(), v.AsByte(), Avx2.CompareGreaterThan(s.AsInt64(), v.AsInt64()).AsByte()).AsUInt64();

    /// <summary>signature[j] = min(signature[j], a[j] * h + b[j]) for every j: one shingle, any a and b (vectorised like <see cref="UpdateAll"/>).</summary>
    public static void Update(ulong h, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> signature)
    {
        int j = 0;
        ReadOnlySpan<ulong> one = [h];
        if (Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported)
        {
            j = UpdateVector512(one, a, b, signature);
        }
        else if (Avx2.IsSupported && signature.Length >= 4)
        {
            int full = signature.Length / 4 * 4;
            ulong[] high = ArrayPool<ulong>.Shared.Rent(full);
            ulong[] flipped = ArrayPool<ulong>.Shared.Rent(full);
            for (int k = 0; k < full; k++)
            {
                high[k] = a[k] >> 32;
                flipped[k] = b[k] + SignBit;
            }
            j = UpdateAvx2(one, a[..full], high.AsSpan(0, full), flipped.AsSpan(0, full), signature[..full]);
            ArrayPool<ulong>.Shared.Return(high);
            ArrayPool<ulong>.Shared.Return(flipped);
        }
        UpdateScalar(h, a[j..], b[j..], signature[j..]);
    }

    /// <summary>The scalar reference of <see cref="Update"/> and <see cref="UpdateAll"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void UpdateScalar(ulong h, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> signature)
    {
        for (int j = 0; j < signature.Length; j++)
        {
            ulong v = a[j] * h + b[j];
            if (v < signature[j])
            {
                signature[j] = v;
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

    public ReadOnlySpan<ulong> A => _a;

    public ReadOnlySpan<ulong> B => _b;

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
