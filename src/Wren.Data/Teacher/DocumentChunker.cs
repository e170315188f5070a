namespace Wren.Data.Teacher;

/// <summary>
/// Cuts a document into chunks the teacher reads one at a time: whole paragraphs packed up to
/// <c>maxChars</c>, a paragraph longer than that cut at line, then sentence, then word boundaries. Chunks shorter than
/// <c>minChars</c> (a heading, a signature) are left out: a teacher asked about them makes up what is not there.
/// </summary>
public static class DocumentChunker
{
    public static IReadOnlyList<string> Chunk(string text, int maxChars, int minChars)
    {
        if (maxChars <= 0) throw new ArgumentOutOfRangeException(nameof(maxChars), "chunk size must be positive");
        var chunks = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (string paragraph in Pieces(text.Replace("\r\n", "\n", StringComparison.Ordinal), maxChars))
        {
            if (current.Length > 0 && current.Length + 2 + paragraph.Length > maxChars)
            {
                Flush();
            }

            if (current.Length > 0) current.Append("\n\n");
            current.Append(paragraph);
        }

        Flush();
        return chunks;

        void Flush()
        {
            string chunk = current.ToString().Trim();
            if (chunk.Length >= minChars) chunks.Add(chunk);
            current.Clear();
        }
    }

    /// <summary>The paragraphs, each at most <paramref name="maxChars"/> long.</summary>
    private static IEnumerable<string> Pieces(string text, int maxChars)
    {
        foreach (string raw in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string paragraph = raw;
            while (paragraph.Length > maxChars)
            {
                int cut = LastBreak(paragraph, maxChars);
                yield return paragraph[..cut].Trim();
                paragraph = paragraph[cut..].Trim();
            }

            if (paragraph.Length > 0) yield return paragraph;
        }
    }

    private static int LastBreak(string text, int maxChars)
    {
        var window = text.AsSpan(0, maxChars);
        int at = window.LastIndexOf('\n');
        if (at < maxChars / 2) at = Math.Max(window.LastIndexOf(". "), Math.Max(window.LastIndexOf("? "), window.LastIndexOf("! "))) + 1;
        if (at < maxChars / 2) at = window.LastIndexOf(' ');
        return at <= 0 ? maxChars : at;
    }
}
