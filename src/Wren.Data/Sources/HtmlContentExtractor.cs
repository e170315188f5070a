using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Wren.Data.Sources;

/// <summary>
/// Finds the main content of a web page and renders it as text, dropping the page furniture:
/// <list type="number">
/// <item>elements that never hold content (scripts, styles, controls, navigation, asides, dialogs),
///   headers and footers outside an <c>article</c>, and forms unless the form wraps the whole page (ASP.NET);</item>
/// <item>elements whose ARIA role, class or id says boilerplate (menu, nav, footer, cookie, consent,
///   banner, sidebar, breadcrumb, share, newsletter, ...) or that are hidden;</item>
/// <item>the root becomes <c>main</c>, <c>[role=main]</c> or the single <c>article</c> when the page has one;</item>
/// <item>blocks that are mostly link text (link density above one half: menus, tag clouds, "read more"
///   lists) are pruned, deepest first.</item>
/// </list>
/// An element is never removed by the class/id rule when it holds most of the page's text or a heading
/// of level 1, so a <c>class="content has-sidebar"</c> wrapper survives.
/// <para>
/// Every pass is linear in the size of the page. Nesting is capped before parsing
/// (<see cref="HtmlNestingLimiter"/>), and a page whose parsed tree still nests deeper than
/// <see cref="MaxTreeDepth"/> is refused, so the recursive passes below stay far from the stack's end.
/// </para>
/// </summary>
internal static partial class HtmlContentExtractor
{
    private const string AlwaysDropped =
        "script, style, noscript, template, iframe, object, embed, svg, canvas, button, select, input, textarea, " +
        "nav, aside, dialog, menu, [hidden], [aria-hidden='true'], [role='navigation'], [role='banner'], " +
        "[role='contentinfo'], [role='complementary'], [role='search'], [role='dialog'], [role='alertdialog']";

    private static readonly HashSet<string> PrunedBlocks = new(StringComparer.Ordinal) { "div", "section", "ul", "ol", "dl", "table", "p", "li", "span", "td" };

    /// <summary>Class or id words that mark page furniture (whole words split at -, _, spaces and case changes;
    /// cookie and consent also as prefixes: cookiebar, consentManager).</summary>
    [GeneratedRegex(@"(?:^|[\s_\-])(?:cookie\w*|consent\w*|gdpr|nav|navbar|navigation|menu|menubar|footer|header|masthead|banner|sidebar|breadcrumbs?|share|sharing|social|advert|advertisement|ads|promo|popup|modal|newsletter|subscribe|signup|skip|related|comments?|toolbar|pagination|copyright|legal)(?:$|[\s_\-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoilerplateName();

    /// <summary>Deepest parsed tree walked: twice the cap on the source, for what tree construction adds
    /// (reopened formatting elements, implied table sections).</summary>
    public const int MaxTreeDepth = 2 * HtmlNestingLimiter.MaxDepth;

    /// <summary>Page text and title (from <c>title</c>, else the first <c>h1</c>) of an HTML document.</summary>
    /// <exception cref="Wren.Runtime.WrenException">The page nests deeper than <see cref="MaxTreeDepth"/> even after the cap.</exception>
    public static (string Text, string? Title) Extract(string html) => Extract(html, HtmlNestingLimiter.MaxDepth, MaxTreeDepth);

    /// <param name="maxSourceDepth">The cap on the source's nesting.</param>
    /// <param name="maxTreeDepth">The deepest parsed tree walked.</param>
    internal static (string Text, string? Title) Extract(string html, int maxSourceDepth, int maxTreeDepth)
    {
        IHtmlDocument document = Parse(html, maxSourceDepth, maxTreeDepth);
        string? title = Clean(document.Title);
        IElement body = document.Body ?? document.DocumentElement;
        title ??= Clean(body.QuerySelector("h1")?.TextContent);

        foreach (IElement element in body.QuerySelectorAll(AlwaysDropped).ToArray())
        {
            element.Remove();
        }
        // Text lengths and "holds a heading/main/article" flags, computed once (the page is then pruned
        // top-down, so a removed element's descendants are never looked at again): linear in page size.
        var textLength = new Dictionary<IElement, int>(ReferenceEqualityComparer.Instance);
        var holdsMarker = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
        int bodyText = Measure(body, textLength, holdsMarker);
        RemoveFurniture(body, bodyText, textLength, holdsMarker, insideArticle: false);

        IElement root = ChooseRoot(body);
        PruneLinkHeavyBlocks(root);
        return (HtmlTextRenderer.Render(root), title);
    }

    /// <summary>All visible text of an HTML fragment (an e-mail body): no pruning, only invisible parts dropped.</summary>
    public static string ExtractAllText(string html)
    {
        IHtmlDocument document = Parse(html, HtmlNestingLimiter.MaxDepth, MaxTreeDepth);
        return HtmlTextRenderer.Render(document.Body ?? document.DocumentElement);
    }

    private static IHtmlDocument Parse(string html, int maxSourceDepth, int maxTreeDepth)
    {
        IHtmlDocument document = new HtmlParser().ParseDocument(HtmlNestingLimiter.Limit(html, maxSourceDepth));
        int depth = TreeDepth(document);
        if (depth > maxTreeDepth)
        {
            throw new Wren.Runtime.WrenException($"the page's elements nest {depth:N0} levels deep, more than {maxTreeDepth} (a hostile or broken page)");
        }
        return document;
    }

    /// <summary>The depth of the deepest node, walked without recursion (the tree is not trusted yet).</summary>
    private static int TreeDepth(INode root)
    {
        int depth = 0, max = 0;
        INode node = root;
        while (true)
        {
            if (node.FirstChild is INode child)
            {
                node = child;
                max = Math.Max(max, ++depth);
                continue;
            }
            while (node != root && node.NextSibling is null)
            {
                node = node.Parent!;
                depth--;
            }
            if (node == root)
            {
                return max;
            }
            node = node.NextSibling!;
        }
    }

    private static int Measure(IElement element, Dictionary<IElement, int> textLength, HashSet<IElement> holdsMarker)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        int length = 0;
        for (INode? child = element.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IElement e)
            {
                length += Measure(e, textLength, holdsMarker);
                if (holdsMarker.Contains(e) || e.LocalName is "h1" or "main" or "article")
                {
                    holdsMarker.Add(element);
                }
            }
            else if (child.NodeType == NodeType.Text)
            {
                length += NonSpace(child.TextContent);
            }
        }
        textLength[element] = length;
        return length;
    }

    /// <summary>Removes headers/footers outside articles, forms that do not wrap the page, hidden elements and
    /// elements named like furniture, unless they hold the content.</summary>
    private static void RemoveFurniture(IElement parent, int bodyText, Dictionary<IElement, int> textLength, HashSet<IElement> holdsMarker, bool insideArticle)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        for (IElement? element = parent.FirstElementChild; element is not null;)
        {
            IElement? next = element.NextElementSibling;
            string name = element.LocalName;
            bool holdsContent = holdsMarker.Contains(element) || (bodyText > 0 && textLength.GetValueOrDefault(element) * 2 > bodyText);
            bool remove = name switch
            {
                "main" or "article" => false,
                "header" or "footer" => !insideArticle,
                "form" => !holdsContent,
                _ => IsHiddenByStyle(element) || (LooksLikeBoilerplate(element) && !holdsContent),
            };
            if (remove)
            {
                element.Remove();
            }
            else
            {
                RemoveFurniture(element, bodyText, textLength, holdsMarker, insideArticle || name == "article");
            }
            element = next;
        }
    }

    private static IElement ChooseRoot(IElement body)
    {
        IElement? main = body.QuerySelector("main, [role='main']");
        if (main is not null && NonSpace(main.TextContent) > 0)
        {
            return main;
        }
        var articles = body.QuerySelectorAll("article");
        if (articles.Length == 1 && NonSpace(articles[0].TextContent) > 0)
        {
            return articles[0];
        }
        return body;
    }

    /// <summary>
    /// Removes, children before parents (so a wrapper is judged on what is left of it), blocks that are
    /// mostly link text, blocks that lost most of their text to that and keep only a short remnant (the
    /// "Related" heading of a pruned link list), and short copyright lines. Returns the text length under
    /// <paramref name="element"/> before pruning, and the (text, link text) lengths that remain: counted on
    /// the way up, so the pass is linear, not one subtree walk per element.
    /// </summary>
    private static (int Before, int Text, int Links) PruneLinkHeavyBlocks(IElement element)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        int before = 0, text = 0, links = 0, pruned = 0;
        for (INode? child = element.FirstChild; child is not null;)
        {
            INode? next = child.NextSibling;
            if (child is IElement e)
            {
                var (b, t, l) = PruneLinkHeavyBlocks(e);
                before += b;
                text += t;
                links += l;
                pruned += b - t;
            }
            else if (child.NodeType == NodeType.Text)
            {
                int n = NonSpace(child.TextContent);
                before += n;
                text += n;
            }
            child = next;
        }
        if (element.LocalName == "a")
        {
            links = text;
        }
        if (text > 0 && PrunedBlocks.Contains(element.LocalName)
            && (links * 2 > text || (pruned > text && text < ShortRemnant) || (text < ShortRemnant * 3 && IsCopyrightLine(element.TextContent))))
        {
            element.Remove();
            return (before, 0, 0);
        }
        return (before, text, links);
    }

    /// <summary>Non-space characters under which a block is a remnant rather than content.</summary>
    private const int ShortRemnant = 100;

    private static bool IsCopyrightLine(string text) =>
        text.Contains('\u00A9') || text.Contains("All rights reserved", StringComparison.OrdinalIgnoreCase)
        || text.Contains("(c) 19", StringComparison.OrdinalIgnoreCase) || text.Contains("(c) 20", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeBoilerplate(IElement element)
    {
        string? role = element.GetAttribute("role");
        if (role is "navigation" or "banner" or "contentinfo" or "complementary")
        {
            return true;
        }
        string names = (element.ClassName ?? "") + " " + (element.Id ?? "");
        return names.Length > 1 && BoilerplateName().IsMatch(SplitCamelCase(names));
    }

    private static bool IsHiddenByStyle(IElement element)
    {
        string? style = element.GetAttribute("style");
        if (style is null)
        {
            return false;
        }
        string compact = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
    }

    /// <summary>"cookieBanner" -> "cookie Banner", so camel-case names match the word list too.</summary>
    private static string SplitCamelCase(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length + 8);
        for (int i = 0; i < s.Length; i++)
        {
            if (i > 0 && char.IsUpper(s[i]) && char.IsLower(s[i - 1]))
            {
                sb.Append(' ');
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static int NonSpace(string text)
    {
        int n = 0;
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                n++;
            }
        }
        return n;
    }

    private static string? Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }
        return string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
