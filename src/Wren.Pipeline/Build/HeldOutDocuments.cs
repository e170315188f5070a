using System.Text;
using System.Text.Json;
using Wren.Data.Documents;
using Wren.Runtime.Diagnostics;
using Wren.Training.Data;

namespace Wren.Pipeline.Build;

/// <summary>
/// The curated documents the tokens stage held out for validation (the same choice by document id, see
/// <see cref="CorpusTokenizer.IsValidation"/>): what evaluation scores and what sample prompts start from,
/// so neither is text the model was trained on.
/// </summary>
public static class HeldOutDocuments
{
    public static List<(string Id, string Text)> Read(string curatedFolder, double validationFraction)
    {
        var held = new List<(string Id, string Text)>();
        foreach (var (id, text) in new CorpusTexts([curatedFolder]).Documents())
        {
            if (CorpusTokenizer.IsValidation(id, validationFraction)) held.Add((id, text));
        }
        return held;
    }

    /// <summary>Writes them as JSONL records {"id", "text"}, which <c>wren eval</c> reads as a perplexity or cloze task.</summary>
    public static void WriteJsonl(IReadOnlyList<(string Id, string Text)> documents, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream);
            foreach (var (id, text) in documents)
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("text", text);
                writer.WriteEndObject();
                writer.Flush();
                stream.WriteByte((byte)'\n');
                writer.Reset(stream);
            }
        });
    }

    /// <summary>The opening words of a document, as a generation prompt.</summary>
    public static string Opening(string text, int words)
    {
        var s = new StringBuilder();
        int count = 0;
        foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (count++ == words) break;
            if (s.Length > 0) s.Append(' ');
            s.Append(word);
        }
        return s.ToString();
    }
}
