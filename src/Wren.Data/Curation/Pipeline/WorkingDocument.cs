using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Curation.Text;
using Wren.Data.Documents;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// A document on its way through the steps: its current text (steps may rewrite it) and the scores
/// the steps computed, which end up in <c>metadata.wren</c>. Word tokens are computed once per text
/// version and shared by the steps that need them.
/// </summary>
public sealed class WorkingDocument
{
    private string _text;
    private List<WordToken>? _tokens;
    private int _wordCount = -1;
    private int _byteCount = -1;
    private bool _modified;

    public WorkingDocument(Document source)
    {
        Source = source;
        _text = source.Text;
    }

    public Document Source { get; }

    public string Id => Source.Id;

    /// <summary>The text as the steps so far left it.</summary>
    public string Text
    {
        get => _text;
        set
        {
            if (!ReferenceEquals(value, _text) && value != _text)
            {
                _text = value;
                _modified = true;
                _tokens = null;
                _wordCount = -1;
                _byteCount = -1;
            }
        }
    }

    /// <summary>Scores computed by the steps; written as <c>metadata.wren</c>.</summary>
    public JsonObject Scores { get; } = new();

    /// <summary>Tokens of the current text (<see cref="WordTokenizer"/>), computed on first use.</summary>
    public IReadOnlyList<WordToken> Tokens
    {
        get
        {
            if (_tokens is null)
            {
                _tokens = new List<WordToken>(Math.Max(16, _text.Length / 5));
                WordTokenizer.Tokenize(_text, _tokens);
            }
            return _tokens;
        }
    }

    /// <summary>Words (not punctuation) in the current text: the report's token measure.</summary>
    public int WordCount
    {
        get
        {
            if (_wordCount < 0)
            {
                _wordCount = WordTokenizer.CountWords(_text);
            }
            return _wordCount;
        }
    }

    /// <summary>UTF-8 bytes of the current text.</summary>
    public int ByteCount
    {
        get
        {
            if (_byteCount < 0)
            {
                _byteCount = System.Text.Encoding.UTF8.GetByteCount(_text);
            }
            return _byteCount;
        }
    }

    /// <summary>
    /// Whether a step rewrote the text or set a score (through <see cref="SetScore(string, double)"/>) since the
    /// document was built: when not, a stage that read it from a shard may copy its line unchanged.
    /// </summary>
    public bool Modified => _modified;

    public void SetScore(string name, double value)
    {
        Scores[name] = Math.Round(value, 4);
        _modified = true;
    }

    public void SetScore(string name, string value)
    {
        Scores[name] = value;
        _modified = true;
    }

    /// <summary>The document as it leaves curation: current text, original metadata plus <c>wren</c> scores.</summary>
    public Document ToDocument()
    {
        var metadata = (JsonObject)Source.Metadata.DeepClone();
        metadata["wren"] = Scores.DeepClone();
        return new Document { Id = Source.Id, Text = _text, Source = Source.Source, Metadata = metadata };
    }

    /// <summary>
    /// Writes what <see cref="ToDocument"/> returns as one JSON object, without copying the metadata: the
    /// scores take the place of an existing <c>metadata.wren</c>, or follow the other metadata.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteProperties(writer);
        writer.WriteEndObject();
    }

    /// <summary>The <c>id</c>, <c>text</c>, <c>source</c> and <c>metadata</c> properties of <see cref="WriteTo"/>.</summary>
    internal void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("id", Source.Id);
        writer.WriteString("text", _text);
        writer.WriteString("source", Source.Source);
        writer.WritePropertyName("metadata");
        writer.WriteStartObject();
        bool scoresWritten = false;
        foreach (var (name, value) in Source.Metadata)
        {
            writer.WritePropertyName(name);
            if (name == "wren")
            {
                Scores.WriteTo(writer);
                scoresWritten = true;
            }
            else if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
        if (!scoresWritten)
        {
            writer.WritePropertyName("wren");
            Scores.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
