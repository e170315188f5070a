using System.Text.Json;
using Wren.Data.Curation.Text;
using Wren.Data.Documents;
using Wren.Runtime;

namespace Wren.Data.Curation.Decontamination;

/// <summary>
/// The set of word n-grams (lower-cased words, 64-bit hashes) in the evaluation sets. Built once,
/// read concurrently by every task.
/// </summary>
public sealed class EvalNGramIndex
{
    private readonly HashSet<ulong> _grams = new();

    public EvalNGramIndex(int n) => N = n;

    public int N { get; }

    public int Count => _grams.Count;

    public static EvalNGramIndex Load(IEnumerable<string> paths, int n)
    {
        var index = new EvalNGramIndex(n);
        foreach (string path in paths)
        {
            foreach (string file in DocumentShardReader.ShardFiles(path))
            {
                foreach (var (line, number) in JsonlReader.ReadLines(file))
                {
                    JsonDocument json;
                    try
                    {
                        json = JsonDocument.Parse(line);
                    }
                    catch (JsonException e)
                    {
                        throw new WrenException($"{file}:{number}: eval set line is not JSON ({e.Message})");
                    }
                    using (json)
                    {
                        index.AddStrings(json.RootElement);
                    }
                }
            }
        }
        return index;
    }

    public void Add(string text) => ForEachNGram(text, N, (hash, _, _) => _grams.Add(hash));

    public bool Contains(ulong hash) => _grams.Contains(hash);

    /// <summary>Calls <paramref name="visit"/> with each n-gram's hash and its character range in <paramref name="text"/>.</summary>
    public static void ForEachNGram(string text, int n, Action<ulong, int, int> visit)
    {
        var tokens = new List<WordToken>();
        WordTokenizer.Tokenize(text, tokens);
        var words = new List<(ulong Hash, int Start, int End)>(tokens.Count);
        Span<char> lower = stackalloc char[64];
        foreach (var t in tokens)
        {
            if (t.Kind != TokenKind.Word)
            {
                continue;
            }
            ReadOnlySpan<char> word = text.AsSpan(t.Start, t.Length);
            ulong hash;
            if (word.Length <= lower.Length)
            {
                int len = word.ToLowerInvariant(lower);
                hash = TextHash.Of(lower[..len]);
            }
            else
            {
                hash = TextHash.Of(word.ToString().ToLowerInvariant());
            }
            words.Add((hash, t.Start, t.End));
        }
        for (int i = 0; i + n <= words.Count; i++)
        {
            ulong h = words[i].Hash;
            for (int k = 1; k < n; k++)
            {
                h = TextHash.Combine(h, words[i + k].Hash);
            }
            visit(h, words[i].Start, words[i + n - 1].End);
        }
    }

    private void AddStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AddStrings(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AddStrings(item);
                }
                break;
        }
    }
}
