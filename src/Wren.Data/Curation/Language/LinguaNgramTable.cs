using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Wren.Runtime;

namespace Wren.Data.Curation.Language;

/// <summary>
/// Lingua's unigram, bigram and trigram models for a set of languages merged into one
/// open-addressing table: an n-gram (its UTF-16 units and length packed in a <c>ulong</c>) maps to
/// one row of natural-log probabilities, one column per language.
/// </summary>
/// <remarks>
/// Rows already hold Lingua's fallback: where a language has no trigram entry the trigram's row holds
/// that language's bigram (of the first two characters) or, failing that, unigram log-probability,
/// and 0 where it has none, which is what Lingua's <c>ComputeSumOfNgramProbabilities</c> adds. So a
/// trigram costs one lookup for every language instead of up to three dictionary lookups per language.
/// Log-probabilities are computed exactly as Lingua does (<c>Math.Log(numerator / denominator)</c>,
/// in <c>double</c>) so sums match Lingua's bit for bit.
/// </remarks>
internal sealed class LinguaNgramTable
{
    private const ulong EmptyKey = 0;
    private readonly ulong[] _keys;
    private readonly int[] _rowOffsets;
    private readonly int _shift;

    /// <summary>Takes the arrays as they are (a built table, or one read back by <see cref="LinguaNgramTableCache"/>, which checks them first).</summary>
    internal LinguaNgramTable(int languages, int stride, ulong[] keys, int[] rowOffsets, double[] logProbabilities)
    {
        Languages = languages;
        Stride = stride;
        _keys = keys;
        _rowOffsets = rowOffsets;
        _shift = 64 - BitOperations.Log2((uint)keys.Length);
        LogProbabilities = logProbabilities;
    }

    public int Languages { get; }

    /// <summary>Row length: <see cref="Languages"/> rounded up to a whole vector of doubles (padding columns hold 0).</summary>
    public int Stride { get; }

    /// <summary>[row * Stride + language] natural-log probabilities with Lingua's fallback applied.</summary>
    public double[] LogProbabilities { get; }

    /// <summary>Number of n-grams (rows).</summary>
    public int Count => LogProbabilities.Length / Stride;

    /// <summary>The open-addressing slots (0: empty), for <see cref="LinguaNgramTableCache"/>.</summary>
    internal ulong[] Keys => _keys;

    /// <summary>Per slot: offset of its row in <see cref="LogProbabilities"/>.</summary>
    internal int[] RowOffsets => _rowOffsets;

    /// <summary>An n-gram of 1 to 3 UTF-16 units as a nonzero key.</summary>
    public static ulong Key(char c0) => 1UL << 48 | c0;

    public static ulong Key(char c0, char c1) => 2UL << 48 | (ulong)c0 << 16 | c1;

    public static ulong Key(char c0, char c1, char c2) => 3UL << 48 | (ulong)c0 << 32 | (ulong)c1 << 16 | c2;

    /// <summary>Offset of the n-gram's row in <see cref="LogProbabilities"/>, or -1 when no language has it.</summary>
    public int Find(ulong key)
    {
        int mask = _keys.Length - 1;
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            ulong k = _keys[slot];
            if (k == key)
            {
                return _rowOffsets[slot];
            }
            if (k == EmptyKey)
            {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The model file of one language and n-gram length (it may be missing: an empty model).</summary>
    internal static string ModelPath(string modelsDirectory, Lingua.Language language, int n) =>
        Path.Combine(modelsDirectory, LinguaLanguages.Code(language), n switch { 1 => "unigrams", 2 => "bigrams", _ => "trigrams" } + ".json.br");

    internal static void CheckModelsDirectory(string modelsDirectory)
    {
        if (!Directory.Exists(modelsDirectory))
        {
            throw new WrenException($"language: Lingua's model folder '{modelsDirectory}' is missing (SearchPioneer.Lingua copies it next to the program)");
        }
    }

    /// <summary>
    /// The table for these languages: read from <paramref name="cacheDirectory"/> when a valid copy
    /// built from the same model files is there, else built (<see cref="Build"/>) and saved there for
    /// the next process. <c>null</c>: always build.
    /// </summary>
    public static LinguaNgramTable Load(IReadOnlyList<Lingua.Language> languages, string modelsDirectory, string? cacheDirectory) =>
        cacheDirectory is null ? Build(languages, modelsDirectory) : LinguaNgramTableCache.GetOrBuild(languages, modelsDirectory, cacheDirectory, out _);

    /// <summary>
    /// Reads <c>&lt;iso&gt;/{unigrams,bigrams,trigrams}.json.br</c> of each language from Lingua's
    /// model folder (a missing file is an empty model, as in Lingua: Chinese, Japanese and Korean
    /// ship unigrams only).
    /// </summary>
    public static LinguaNgramTable Build(IReadOnlyList<Lingua.Language> languages, string modelsDirectory)
    {
        CheckModelsDirectory(modelsDirectory);
        int count = languages.Count;
        // The 3 x languages files are independent: decompress and parse them in parallel.
        var entries = new (ulong Key, double P)[3 * count][];
        try
        {
            Parallel.For(0, entries.Length, i =>
            {
                int n = i / count + 1;
                string path = ModelPath(modelsDirectory, languages[i % count], n);
                entries[i] = File.Exists(path) ? ReadModel(path, n) : [];
            });
        }
        catch (AggregateException e) when (e.InnerException is WrenException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }

        // Per n-gram length: key -> row number, and p per (row, language) (0: the language has no entry).
        var rowOf = new Dictionary<ulong, int>[4];
        var probabilities = new double[4][];
        int rows = 0;
        for (int n = 1; n <= 3; n++)
        {
            rowOf[n] = [];
            int bound = 0;
            for (int l = 0; l < count; l++)
            {
                bound += entries[(n - 1) * count + l].Length;
            }
            probabilities[n] = new double[bound * count];
            for (int l = 0; l < count; l++)
            {
                foreach (var (key, p) in entries[(n - 1) * count + l])
                {
                    if (!rowOf[n].TryGetValue(key, out int row))
                    {
                        row = rowOf[n].Count;
                        rowOf[n][key] = row;
                    }
                    probabilities[n][row * count + l] = p;
                }
            }
            rows += rowOf[n].Count;
        }

        int stride = (count + 3) & ~3;
        var logs = new double[rows * stride];
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, rows * 2));
        var keys = new ulong[capacity];
        var offsets = new int[capacity];
        int shift = 64 - BitOperations.Log2((uint)capacity);
        var firstOffset = new int[4];
        // Lower orders first: higher orders copy their fallback from them.
        for (int n = 1, next = 0; n <= 3; n++)
        {
            firstOffset[n] = next * stride;
            foreach (var (key, row) in rowOf[n])
            {
                int offset = firstOffset[n] + row * stride;
                next++;
                int fallback = -1;
                if (n == 3)
                {
                    fallback = OffsetOf(2, key >> 16 & 0xFFFF_FFFFUL | 2UL << 48);
                    if (fallback < 0)
                    {
                        fallback = OffsetOf(1, key >> 32 & 0xFFFFUL | 1UL << 48);
                    }
                }
                else if (n == 2)
                {
                    fallback = OffsetOf(1, key >> 16 & 0xFFFFUL | 1UL << 48);
                }
                var p = probabilities[n].AsSpan(row * count, count);
                for (int l = 0; l < count; l++)
                {
                    logs[offset + l] = p[l] > 0 ? Math.Log(p[l]) : fallback >= 0 ? logs[fallback + l] : 0;
                }
                int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> shift);
                while (keys[slot] != EmptyKey)
                {
                    slot = (slot + 1) & (capacity - 1);
                }
                keys[slot] = key;
                offsets[slot] = offset;
            }
        }
        return new LinguaNgramTable(count, stride, keys, offsets, logs);

        int OffsetOf(int n, ulong key) => rowOf[n].TryGetValue(key, out int row) ? firstOffset[n] + row * stride : -1;
    }

    /// <summary>Lingua's <c>LanguageModel.FromJson</c>: <c>{"language": ..., "ngrams": {"num/den": "ngram ngram ...", ...}}</c>.</summary>
    private static (ulong Key, double P)[] ReadModel(string path, int n)
    {
        var into = new List<(ulong, double)>();
        // Decompressed and decoded into pooled buffers: the n-gram lists are the bulk of the bytes
        // and need no string of their own.
        byte[] json = ArrayPool<byte>.Shared.Rent(1 << 20);
        char[] chars = ArrayPool<char>.Shared.Rent(1 << 16);
        try
        {
            int length = 0;
            using (var file = File.OpenRead(path))
            using (var brotli = new BrotliStream(file, CompressionMode.Decompress))
            {
                int read;
                while ((read = brotli.Read(json, length, json.Length - length)) > 0)
                {
                    length += read;
                    if (length == json.Length)
                    {
                        Grow(ref json, length);
                    }
                }
            }
            var reader = new Utf8JsonReader(json.AsSpan(0, length));
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }
                bool isNgrams = reader.ValueTextEquals("ngrams"u8);
                reader.Read();
                if (!isNgrams)
                {
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string fraction = reader.GetString()!;
                    int slash = fraction.IndexOf('/');
                    double p = double.Parse(fraction.AsSpan(0, slash), CultureInfo.InvariantCulture)
                        / int.Parse(fraction.AsSpan(slash + 1), CultureInfo.InvariantCulture);
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException($"the n-grams of {fraction} are not a string");
                    }
                    ReadOnlySpan<char> ngrams;
                    if (reader.ValueIsEscaped)
                    {
                        ngrams = reader.GetString();
                    }
                    else
                    {
                        var utf8 = reader.ValueSpan;
                        if (chars.Length < utf8.Length)
                        {
                            ArrayPool<char>.Shared.Return(chars);
                            chars = ArrayPool<char>.Shared.Rent(utf8.Length);
                        }
                        ngrams = chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
                    }
                    foreach (var range in ngrams.Split(' '))
                    {
                        var ngram = ngrams[range];
                        // Lingua looks an n-gram up in the model of its length, so entries of another length are unreachable.
                        if (ngram.Length != n)
                        {
                            continue;
                        }
                        into.Add((n switch { 1 => Key(ngram[0]), 2 => Key(ngram[0], ngram[1]), _ => Key(ngram[0], ngram[1], ngram[2]) }, p));
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidDataException or DecoderFallbackException)
        {
            throw new WrenException($"language: Lingua model '{path}' could not be read: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
            ArrayPool<char>.Shared.Return(chars);
        }
        return [.. into];
    }

    private static void Grow(ref byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
