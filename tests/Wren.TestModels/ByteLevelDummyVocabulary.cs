using System.Text;
using Wren.Export.Gguf;

namespace Wren.TestModels;

/// <summary>
/// A synthetic GPT-2-style byte-level BPE vocabulary of any size: the 256 byte tokens in GPT-2's
/// byte-to-unicode alphabet, then tokens made by merging existing tokens with letters and spaces
/// (each with its merge rule, so llama.cpp's BPE can build it), and &lt;|endoftext|&gt; last.
/// For random-weight benchmark models, where only the vocabulary's size and validity matter.
/// </summary>
internal static class ByteLevelDummyVocabulary
{
    public static GgufTokenizerData Create(int size)
    {
        if (size < 258) throw new ArgumentOutOfRangeException(nameof(size), "a byte-level vocabulary needs at least 258 tokens");
        string[] byteTokens = GptBytesToUnicode();
        var tokens = new List<string>(size);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string t in byteTokens) { tokens.Add(t); seen.Add(t); }

        // Extend words: every existing token followed by a lower-case letter, and "Ġ" (space) + letters.
        var merges = new List<string>(size);
        string[] letters = Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).ToArray();
        int regular = size - 1;
        for (int source = 0; tokens.Count < regular; source++)
        {
            string left = tokens[source];
            if (source < 256 && !(char.IsAsciiLetterLower(left[0]) || left == "Ġ")) continue;
            foreach (string right in letters)
            {
                if (tokens.Count >= regular) break;
                string merged = left + right;
                if (!seen.Add(merged)) continue;
                tokens.Add(merged);
                merges.Add(left + " " + right);
            }
        }
        tokens.Add("<|endoftext|>");
        int[] types = new int[tokens.Count];
        Array.Fill(types, GgufTokenizerData.Normal);
        types[^1] = GgufTokenizerData.Control;
        return new GgufTokenizerData
        {
            Tokens = tokens.ToArray(),
            TokenTypes = types,
            Merges = merges.ToArray(),
            Pre = "gpt-2",
            BosId = tokens.Count - 1,
            EosId = tokens.Count - 1,
            AddBos = false,
        };
    }

    /// <summary>GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards.</summary>
    internal static string[] GptBytesToUnicode()
    {
        var result = new string[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            result[b] = new Rune(printable ? b : next++).ToString();
        }
        return result;
    }
}
