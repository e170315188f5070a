using System.Text;
using AngleSharp.Dom;

namespace Wren.Data.Sources;

/// <summary>
/// Renders a DOM subtree as readable plain text: block elements become paragraphs, <c>br</c> a line
/// break, table cells are separated by tabs and rows by line breaks, runs of whitespace in ordinary
/// text collapse to one space, and <c>pre</c> keeps its layout.
/// </summary>
internal static class HtmlTextRenderer
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead",
        "tfoot", "ul", "caption",
    };

    private static readonly HashSet<string> Invisible = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "canvas", "object", "embed", "iframe",
    };

    public static string Render(INode root)
    {
        var state = new State();
        Walk(root, state, preformatted: false);
        return state.Text.ToString().Trim();
    }

    private static void Walk(INode node, State state, bool preformatted)
    {
        // The extractor caps the tree's depth; this turns a deeper one into an error instead of a dead process.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (node.NodeType == NodeType.Text)
        {
            state.AppendText(node.TextContent, preformatted);
            return;
        }
        if (node is not IElement && node.NodeType is not (NodeType.Document or NodeType.DocumentFragment))
        {
            return;
        }
        string name = node is IElement e ? e.LocalName : "";
        if (Invisible.Contains(name))
        {
            return;
        }
        switch (name)
        {
            case "br":
                state.Break(1);
                return;
            case "tr":
                state.Break(1);
                break;
            case "td":
            case "th":
                state.Cell();
                break;
        }
        bool block = Blocks.Contains(name);
        if (block)
        {
            state.Break(name is "li" or "dt" or "dd" ? 1 : 2);
        }
        bool pre = preformatted || name is "pre" or "textarea";
        for (INode? child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            Walk(child, state, pre);
        }
        if (block)
        {
            state.Break(name is "li" or "dt" or "dd" ? 1 : 2);
        }
        else if (name == "tr")
        {
            state.Break(1);
        }
    }

    private sealed class State
    {
        public readonly StringBuilder Text = new();
        private int _pendingBreaks;
        private bool _pendingTab;
        private bool _lastWasSpace = true;

        public void Break(int lines) => _pendingBreaks = Math.Max(_pendingBreaks, lines);

        public void Cell() => _pendingTab = true;

        public void AppendText(string text, bool preformatted)
        {
            foreach (char c in text)
            {
                if (!preformatted && char.IsWhiteSpace(c))
                {
                    if (!_lastWasSpace && _pendingBreaks == 0 && !_pendingTab)
                    {
                        Text.Append(' ');
                        _lastWasSpace = true;
                    }
                    continue;
                }
                Flush();
                Text.Append(c == '\u00A0' && !preformatted ? ' ' : c);
                _lastWasSpace = c == '\n';
            }
        }

        private void Flush()
        {
            if (Text.Length > 0 && (_pendingBreaks > 0 || _pendingTab))
            {
                // A space just written before the break is trailing whitespace: drop it.
                while (Text.Length > 0 && Text[^1] == ' ')
                {
                    Text.Length--;
                }
                if (_pendingBreaks > 0)
                {
                    int existing = 0;
                    for (int i = Text.Length - 1; i >= 0 && Text[i] == '\n'; i--)
                    {
                        existing++;
                    }
                    Text.Append('\n', Math.Max(0, _pendingBreaks - existing));
                }
                else if (Text[^1] != '\n')
                {
                    Text.Append('\t');
                }
            }
            _pendingBreaks = 0;
            _pendingTab = false;
        }
    }
}
