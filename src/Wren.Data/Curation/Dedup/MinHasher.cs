using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// MinHash signatures over word n-gram shingles. Each shingle is hashed once to 64 bits (XxHash3 of
/// each lower-cased word, combined per n-gram); the P permutations are <c>a_j * h + b_j</c> mod 2^64
/// with odd <c>a_j</c> (a bijection on 64-bit values), and the signature keeps each permutation's
/// minimum. The inner loop runs over the P permutations in Vector512/Vector256 lanes, with a scalar
/// reference kept beside it (<see cref="UpdateScalar"/>) that tests compare against.
/// </summary>
public sealed class MinHasher
{
    private readonly ulong[] _a;
    private readonly ulong[] _b;

    public MinHasher(int permutations, int ngram, ulong seed)
    {
        Permutations = permutations;
        NGram = ngram;
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        ulong state = seed;
        for (int j = 0; j < permutations; j++)
        {
            _a[j] = SplitMix(ref state) | 1UL;
            _b[j] = SplitMix(ref state);
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
        if (words.Count < n)
        {
            // Shorter than one shingle: the whole text is the only shingle (as datatrove does).
            ulong h = words[0];
            for (int k = 1; k < words.Count; k++)
            {
                h = TextHash.Combine(h, words[k]);
            }
            Update(h, _a, _b, signature);
            return;
        }
        for (int i = 0; i + n <= words.Count; i++)
        {
            ulong h = words[i];
            for (int k = 1; k < n; k++)
            {
                h = TextHash.Combine(h, words[i + k]);
            }
            Update(h, _a, _b, signature);
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

    /// <summary>signature[j] = min(signature[j], a[j] * h + b[j]) for every j, vectorised.</summary>
    public static void Update(ulong h, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> signature)
    {
        int j = 0;
        int p = signature.Length;
        if (Vector512.IsHardwareAccelerated && p >= Vector512<ulong>.Count)
        {
            var hv = Vector512.Create(h);
            for (; j <= p - Vector512<ulong>.Count; j += Vector512<ulong>.Count)
            {
                var v = Vector512.LoadUnsafe(ref Unsafe.AsRef(in a[j])) * hv + Vector512.LoadUnsafe(ref Unsafe.AsRef(in b[j]));
                var s = Vector512.LoadUnsafe(ref signature[j]);
                Vector512.Min(s, v).StoreUnsafe(ref signature[j]);
            }
        }
        else if (Vector256.IsHardwareAccelerated && p >= Vector256<ulong>.Count)
        {
            var hv = Vector256.Create(h);
            for (; j <= p - Vector256<ulong>.Count; j += Vector256<ulong>.Count)
            {
                var v = Vector256.LoadUnsafe(ref Unsafe.AsRef(in a[j])) * hv + Vector256.LoadUnsafe(ref Unsafe.AsRef(in b[j]));
                var s = Vector256.LoadUnsafe(ref signature[j]);
                Vector256.Min(s, v).StoreUnsafe(ref signature[j]);
            }
        }
        UpdateScalar(h, a[j..], b[j..], signature[j..]);
    }

    /// <summary>The scalar reference of <see cref="Update"/>.</summary>
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
