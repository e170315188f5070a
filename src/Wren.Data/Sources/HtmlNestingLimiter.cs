using System.Text;

namespace Wren.Data.Sources;

/// <summary>
/// Caps how deeply the elements of an HTML page nest, before the page reaches the HTML parser, as browsers do
/// (Blink puts elements past depth 512 beside the deepest one instead of inside it). AngleSharp follows the
/// HTML5 tree construction, whose scope checks walk the stack of open elements for every tag: on 200,000
/// nested <c>div</c>s that is quadratic (20,000 took 4.8 s, 80,000 about 40 s), and the trees it builds are
/// deeper than any recursive walk over them can go. Start tags that would open an element past
/// <see cref="MaxDepth"/>, and their end tags, are dropped; all text stays, in order, in the deepest element.
/// <para>
/// The depth is estimated with a light tokenizer (comments, raw-text elements, void elements, self-closing
/// tags, and the implied ends of <c>p</c>, <c>li</c>, <c>dt</c>/<c>dd</c>, table rows and cells and
/// <c>option</c>), not the full tree construction; it only needs to be right for pages that come anywhere
/// near the cap, which real pages do not. Hand-written because no HTML library offers a depth limit.
/// </para>
/// </summary>
internal static class HtmlNestingLimiter
{
    /// <summary>The cap: Blink's, well above what real pages need.</summary>
    public const int MaxDepth = 512;

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext",
    };

    /// <summary>Start tags that end an open <c>p</c> (HTML5's "close a p element").</summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "dd", "dt", "main", "menu", "nav", "ol", "p",
        "pre", "section", "summary", "table", "ul",
    };

    /// <summary>Open elements looked through for an implied end: real pages have the element near the top.</summary>
    private const int ImpliedEndReach = 8;

    /// <summary>The page with start tags past <see cref="MaxDepth"/> (and their end tags) removed; the same
    /// string when nothing had to go.</summary>
    public static string Limit(string html) => Limit(html, MaxDepth, out _);

    internal static string Limit(string html, int maxDepth) => Limit(html, maxDepth, out _);

    /// <param name="droppedTags">Start tags dropped (0 when the page is returned as it is).</param>
    internal static string Limit(string html, int maxDepth, out int droppedTags)
    {
        droppedTags = 0;
        var open = new List<string>();
        var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
        StringBuilder? output = null;
        int copiedTo = 0;
        int i = 0;
        while (i < html.Length)
        {
            int lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                break;
            }
            char next = html[lt + 1];
            if (next == '!')
            {
                i = html.AsSpan(lt).StartsWith("<!--") ? SkipPast(html, lt + 4, "-->") : SkipPast(html, lt + 2, ">");
                continue;
            }
            if (next == '?')
            {
                i = SkipPast(html, lt + 2, ">");
                continue;
            }
            bool end = next == '/';
            int nameStart = end ? lt + 2 : lt + 1;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                i = lt + 1;
                continue;
            }
            int nameEnd = nameStart;
            while (nameEnd < html.Length && !char.IsWhiteSpace(html[nameEnd]) && html[nameEnd] is not ('/' or '>'))
            {
                nameEnd++;
            }
            string name = html[nameStart..nameEnd].ToLowerInvariant();
            int tagEnd = TagEnd(html, nameEnd);
            bool selfClosing = tagEnd - 2 >= nameEnd && html[tagEnd - 2] == '/';
            bool keep;
            if (end)
            {
                keep = CloseElement(open, dropped, name);
            }
            else
            {
                ImpliedEnds(open, name);
                keep = true;
                if (!Void.Contains(name) && !selfClosing)
                {
                    if (open.Count >= maxDepth)
                    {
                        dropped[name] = dropped.GetValueOrDefault(name) + 1;
                        droppedTags++;
                        keep = false;
                    }
                    else
                    {
                        open.Add(name);
                    }
                }
            }
            if (!keep)
            {
                output ??= new StringBuilder(html.Length);
                output.Append(html, copiedTo, lt - copiedTo);
                copiedTo = tagEnd;
            }
            i = tagEnd;
            if (!end && keep && RawText.Contains(name) && !selfClosing)
            {
                // Script, style and the like hold text, not tags, up to their own end tag.
                int close = html.IndexOf("</" + name, tagEnd, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? html.Length : close;
            }
        }
        if (output is null)
        {
            return html;
        }
        output.Append(html, copiedTo, html.Length - copiedTo);
        return output.ToString();
    }

    /// <summary>An end tag: dropped when its start tag was, else it closes the nearest open element of its name.</summary>
    private static bool CloseElement(List<string> open, Dictionary<string, int> dropped, string name)
    {
        if (dropped.TryGetValue(name, out int count) && count > 0)
        {
            dropped[name] = count - 1;
            return false;
        }
        int at = open.LastIndexOf(name);
        if (at >= 0)
        {
            open.RemoveRange(at, open.Count - at);
        }
        return true;
    }

    /// <summary>Pops the elements that a start tag ends without an end tag (an open <c>li</c> before another
    /// <c>li</c>); never across the element that scopes them (a cell of a table inside a cell ends nothing outside).</summary>
    private static void ImpliedEnds(List<string> open, string name)
    {
        switch (name)
        {
            case "li":
                PopTo(open, ["li"], ListScope);
                break;
            case "dt" or "dd":
                PopTo(open, ["dt", "dd"], ["dl"]);
                break;
            case "tr":
                PopTo(open, ["tr"], TableScope);
                break;
            case "td" or "th":
                PopTo(open, ["td", "th"], TableScope);
                break;
            case "tbody" or "thead" or "tfoot":
                PopTo(open, ["tbody", "thead", "tfoot"], TableScope);
                break;
            case "option":
                PopTo(open, ["option"], SelectScope);
                break;
            case "optgroup":
                PopTo(open, ["optgroup", "option"], SelectScope);
                break;
        }
        if (ClosesParagraph.Contains(name))
        {
            PopTo(open, ["p"], ButtonScope);
        }
    }

    private static readonly string[] ListScope = ["ul", "ol", "menu", "table"];
    private static readonly string[] TableScope = ["table"];
    private static readonly string[] SelectScope = ["select", "datalist"];
    private static readonly string[] ButtonScope = ["button", "table", "td", "th", "caption", "object", "applet", "marquee", "template"];

    private static void PopTo(List<string> open, string[] targets, string[] scope)
    {
        for (int k = open.Count - 1; k >= 0 && k >= open.Count - ImpliedEndReach; k--)
        {
            string top = open[k];
            if (Array.IndexOf(targets, top) >= 0)
            {
                open.RemoveRange(k, open.Count - k);
                return;
            }
            if (Array.IndexOf(scope, top) >= 0)
            {
                return;
            }
        }
    }

    /// <summary>The index after the tag's closing '&gt;' (quoted attribute values may hold one).</summary>
    private static int TagEnd(string html, int from)
    {
        char quote = '\0';
        for (int k = from; k < html.Length; k++)
        {
            char c = html[k];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return k + 1;
            }
        }
        return html.Length;
    }

    private static int SkipPast(string html, int from, string terminator)
    {
        int at = html.IndexOf(terminator, from, StringComparison.Ordinal);
        return at < 0 ? html.Length : at + terminator.Length;
    }
}
