using System.Runtime.CompilerServices;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Constraints;

/// <summary>
/// The vocabulary's byte strings as a trie laid out in preorder (llguidance's layout): a node's subtree is the
/// range up to <see cref="End"/>, so a walk that rejects a prefix skips every token under it in one jump.
/// Special tokens are left out (a constraint never lets the model write them; stop tokens are added apart).
/// </summary>
internal sealed class TokenTrie
{
    private static readonly ConditionalWeakTable<BpeTokenizer, TokenTrie> Tries = new();

    private TokenTrie(byte[] bytes, int[] depth, int[] end, int[] firstToken, int[] nextToken, int maxDepth)
    {
        Byte = bytes;
        Depth = depth;
        End = end;
        FirstToken = firstToken;
        NextToken = nextToken;
        MaxDepth = maxDepth;
    }

    /// <summary>Per node: the byte on the edge into it (node 0 is the root).</summary>
    public byte[] Byte { get; }

    public int[] Depth { get; }

    /// <summary>Per node: one past the last node of its subtree.</summary>
    public int[] End { get; }

    /// <summary>Per node: a token whose bytes end here, or -1; more through <see cref="NextToken"/>.</summary>
    public int[] FirstToken { get; }

    /// <summary>Per token id: the next token with the same bytes, or -1.</summary>
    public int[] NextToken { get; }

    public int MaxDepth { get; }

    public int NodeCount => Byte.Length;

    /// <summary>The trie of a tokenizer, built once and kept while the tokenizer lives.</summary>
    public static TokenTrie For(BpeTokenizer tokenizer) => Tries.GetValue(tokenizer, Build);

    private static TokenTrie Build(BpeTokenizer tokenizer)
    {
        int n = tokenizer.VocabularySize;
        var ids = new List<int>(n);
        for (int id = 0; id < n; id++)
        {
            if (!tokenizer.IsSpecial(id) && tokenizer.TokenBytes(id).Length > 0) ids.Add(id);
        }
        ids.Sort((a, b) =>
        {
            int c = tokenizer.TokenBytes(a).SequenceCompareTo(tokenizer.TokenBytes(b));
            return c != 0 ? c : a.CompareTo(b);
        });
        var bytes = new List<byte> { 0 };
        var depth = new List<int> { 0 };
        var first = new List<int> { -1 };
        var end = new List<int> { 0 };
        var nextToken = new int[n];
        Array.Fill(nextToken, -1);
        var open = new List<int> { 0 }; // open[d]: the node at depth d on the current path
        ReadOnlySpan<byte> previous = default;
        int maxDepth = 0;
        foreach (int id in ids)
        {
            var current = tokenizer.TokenBytes(id);
            int lcp = previous.CommonPrefixLength(current);
            while (open.Count - 1 > lcp)
            {
                end[open[^1]] = bytes.Count;
                open.RemoveAt(open.Count - 1);
            }
            for (int d = lcp; d < current.Length; d++)
            {
                bytes.Add(current[d]);
                depth.Add(d + 1);
                first.Add(-1);
                end.Add(0);
                open.Add(bytes.Count - 1);
            }
            int node = open[^1];
            if (first[node] < 0) first[node] = id;
            else
            {
                int t = first[node];
                while (nextToken[t] >= 0) t = nextToken[t];
                nextToken[t] = id;
            }
            maxDepth = Math.Max(maxDepth, current.Length);
            previous = current;
        }
        while (open.Count > 0)
        {
            end[open[^1]] = bytes.Count;
            open.RemoveAt(open.Count - 1);
        }
        return new TokenTrie([.. bytes], [.. depth], [.. end], [.. first], nextToken, maxDepth);
    }
}
