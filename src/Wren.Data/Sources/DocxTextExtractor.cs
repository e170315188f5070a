using System.Text;
using System.Xml;

namespace Wren.Data.Sources;

/// <summary>
/// The text of a WordprocessingML body (<c>word/document.xml</c>), read as a stream: paragraphs in order
/// (tabs and line breaks kept) separated by a blank line, tables as rows of tab-separated cells (a cell's
/// paragraphs joined by spaces), content controls, custom XML and text boxes looked into, deleted text and
/// field codes left out, and of <c>mc:AlternateContent</c> the choice, not the fallback (the same content again).
/// <para>
/// Hand-written over <see cref="XmlReader"/> rather than DocumentFormat.OpenXml's object model: the model
/// builds every element of a part at once and recursively, so 50,000 nested content controls overflow the
/// stack (which .NET cannot catch: the process dies) and 340 MB of XML takes gigabytes. Here memory is the
/// text and one name per open element, nesting is refused past <see cref="MaxDepth"/> levels, and the
/// text past <c>maxChars</c>.
/// </para>
/// </summary>
internal sealed class DocxTextExtractor
{
    /// <summary>Element nesting refused as hostile: real documents stay under 30 or so levels.</summary>
    public const int MaxDepth = 256;

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string WStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    private const string Mc = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    private readonly StringBuilder _text = new();
    private readonly StringBuilder _paragraph = new();
    private readonly List<string> _cell = new();
    private readonly int _maxChars;
    private readonly string _where;

    // Depths of the open elements that change how text is gathered (-1 when none is open).
    private int _paragraphDepth = -1;
    private int _tableDepth = -1;
    private int _nestedTables;
    private bool _firstCell = true;

    private DocxTextExtractor(int maxChars, string where)
    {
        _maxChars = maxChars;
        _where = where;
    }

    /// <summary>Tables at the body's level (not nested in another table).</summary>
    public int Tables { get; private set; }

    /// <summary>Reads a main document part; <paramref name="where"/> names it in errors.</summary>
    /// <exception cref="Wren.Runtime.WrenException">The XML is malformed, nested too deeply or holds too much text.</exception>
    public static (string Text, int Tables) Extract(Stream part, int maxChars, string where)
    {
        var extractor = new DocxTextExtractor(maxChars, where);
        using XmlReader reader = XmlReader.Create(part, SafeSettings());
        try
        {
            extractor.Run(reader);
        }
        catch (XmlException e)
        {
            throw new Wren.Runtime.WrenException($"not a readable DOCX: {where} is not well-formed XML ({e.Message})");
        }
        return (extractor._text.ToString().Trim(), extractor.Tables);
    }

    /// <summary>No DTDs, no external entities: a document part has neither, and both are attack surface.</summary>
    public static XmlReaderSettings SafeSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    private void Run(XmlReader reader)
    {
        // The local name of each open element (null when outside WordprocessingML), to know what a w:t's parent is.
        var open = new List<string?>();
        int skipping = -1; // depth of the mc:Fallback being passed over, or -1
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    int depth = reader.Depth;
                    if (depth >= MaxDepth)
                    {
                        throw new Wren.Runtime.WrenException($"not read: {_where} nests elements more than {MaxDepth} levels deep (a hostile or broken document)");
                    }
                    if (skipping >= 0)
                    {
                        break;
                    }
                    if (reader.NamespaceURI == Mc && reader.LocalName == "Fallback")
                    {
                        // The same content again for older readers: the choice before it was read already.
                        if (!reader.IsEmptyElement)
                        {
                            skipping = depth;
                        }
                        break;
                    }
                    string? name = reader.NamespaceURI is W or WStrict ? reader.LocalName : null;
                    Start(name, open.Count > 0 ? open[^1] : null, depth);
                    if (reader.IsEmptyElement)
                    {
                        End(name, depth);
                    }
                    else
                    {
                        open.Add(name);
                    }
                    break;
                case XmlNodeType.EndElement:
                    if (skipping >= 0)
                    {
                        if (reader.Depth == skipping)
                        {
                            skipping = -1;
                        }
                        break;
                    }
                    End(open[^1], reader.Depth);
                    open.RemoveAt(open.Count - 1);
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA:
                    if (skipping < 0 && _paragraphDepth >= 0 && open.Count > 0 && open[^1] == "t")
                    {
                        Append(reader.Value);
                    }
                    break;
            }
        }
    }

    private void Start(string? name, string? parent, int depth)
    {
        switch (name)
        {
            case "p" when _paragraphDepth < 0:
                _paragraphDepth = depth;
                _paragraph.Clear();
                break;
            case "tbl" when _paragraphDepth < 0:
                if (_tableDepth < 0)
                {
                    _tableDepth = depth;
                }
                else
                {
                    _nestedTables++;
                }
                break;
            case "tr" when _tableDepth >= 0 && _nestedTables == 0 && _paragraphDepth < 0:
                _firstCell = true;
                break;
            case "tc" when _tableDepth >= 0 && _nestedTables == 0 && _paragraphDepth < 0:
                _cell.Clear();
                break;
            case "tab" when parent == "r" && _paragraphDepth >= 0:
                Append("\t");
                break;
            case "br" or "cr" when parent == "r" && _paragraphDepth >= 0:
                Append("\n");
                break;
            case "noBreakHyphen" when parent == "r" && _paragraphDepth >= 0:
                Append("-");
                break;
        }
    }

    private void End(string? name, int depth)
    {
        switch (name)
        {
            case "p" when depth == _paragraphDepth:
                _paragraphDepth = -1;
                string line = _paragraph.ToString().Trim();
                if (line.Length == 0)
                {
                    break;
                }
                if (_tableDepth >= 0)
                {
                    _cell.Add(line);
                }
                else
                {
                    Write(line);
                    Write("\n\n");
                }
                break;
            case "tbl" when _tableDepth >= 0 && _paragraphDepth < 0:
                if (depth == _tableDepth)
                {
                    _tableDepth = -1;
                    Tables++;
                    Write("\n");
                }
                else
                {
                    _nestedTables--;
                }
                break;
            case "tc" when _tableDepth >= 0 && _nestedTables == 0 && _paragraphDepth < 0:
                if (!_firstCell)
                {
                    Write("\t");
                }
                _firstCell = false;
                Write(string.Join(' ', _cell));
                _cell.Clear();
                break;
            case "tr" when _tableDepth >= 0 && _nestedTables == 0 && _paragraphDepth < 0:
                Write("\n");
                break;
        }
    }

    /// <summary>Text inside the open paragraph.</summary>
    private void Append(string s)
    {
        if (_paragraph.Length + s.Length > _maxChars)
        {
            TooLong();
        }
        _paragraph.Append(s);
    }

    /// <summary>Text of the document.</summary>
    private void Write(string s)
    {
        if (_text.Length + s.Length > _maxChars)
        {
            TooLong();
        }
        _text.Append(s);
    }

    private void TooLong() =>
        throw new Wren.Runtime.WrenException($"not read: {_where} holds more than {_maxChars:N0} characters of text (--max-document-chars)");
}
