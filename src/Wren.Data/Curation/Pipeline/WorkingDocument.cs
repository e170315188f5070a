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
    // Tokens are written into one list per thread, reused from document to document: a list per
    // document cost about 2.4 bytes per character of text (a large-object allocation for long
    // documents), all garbage once the steps are done with it.
    [ThreadStatic]
    private static TokenBuffer? t_tokens;

    private string _text;
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

    /// <summary>The source kind (document, mail, record or web) whose thresholds apply (<see cref="Recipe.SourceKinds"/>).</summary>
    public string Kind { get; init; } = Recipe.SourceKinds.Web;

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
                _wordCount = -1;
                _byteCount = -1;
            }
        }
    }

    /// <summary>Scores computed by the steps; written as <c>metadata.wren</c>.</summary>
    public JsonObject Scores { get; } = new();

    /// <summary>
    /// Tokens of the current text as datatrove's English filters count them: <see cref="WordTokenizer"/>'s
    /// tokens regrouped by <see cref="TreebankRegrouping"/> (a URL, a path or a time is one token, as with
    /// NLTK), computed on first use.
    /// </summary>
    /// <remarks>
    /// The list is the calling thread's token buffer: it stays valid until another document (or
    /// another version of this one's text) asks for tokens on the same thread. Steps use it within
    /// their <see cref="IDocumentStep.Process"/> call; copy it to keep it longer.
    /// </remarks>
    public IReadOnlyList<WordToken> Tokens
    {
        get
        {
            var buffer = t_tokens ??= new TokenBuffer();
            if (!ReferenceEquals(buffer.Owner, this) || !ReferenceEquals(buffer.Text, _text))
            {
                buffer.Fill(this, _text);
            }
            return buffer.Tokens;
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
        JsonStringEscaper.WriteString(writer, "text", _text);
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

    /// <summary>A thread's token list and which document text it holds the tokens of.</summary>
    private sealed class TokenBuffer
    {
        // Beyond this many tokens' capacity, a list is not kept for a much smaller document: one
        // huge document must not pin its buffer for the rest of the run.
        private const int KeepCapacity = 1 << 20;

        public List<WordToken> Tokens { get; private set; } = new(1024);

        public WorkingDocument? Owner { get; private set; }

        public string? Text { get; private set; }

        public void Fill(WorkingDocument owner, string text)
        {
            if (Tokens.Capacity > KeepCapacity && text.Length / 5 < KeepCapacity / 4)
            {
                Tokens = new List<WordToken>(1024);
            }
            Tokens.Clear();
            Tokens.EnsureCapacity(text.Length / 5);
            WordTokenizer.Tokenize(text, Tokens);
            TreebankRegrouping.Regroup(text, Tokens);
            Owner = owner;
            Text = text;
        }
    }
}
