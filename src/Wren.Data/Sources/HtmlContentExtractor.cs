using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Wren.Data.Sources;

/// <summary>
/// Finds the main content of a web page and renders it as text, dropping the page furniture:
/// <list type="number">
/// <item>elements that never hold content (scripts, styles, forms, navigation, asides, dialogs) and,
///   outside an <c>article</c>, headers and footers;</item>
/// <item>elements whose ARIA role, class or id says boilerplate (menu, nav, footer, cookie, consent,
///   banner, sidebar, breadcrumb, share, newsletter, ...) or that are hidden;</item>
/// <item>the root becomes <c>main</c>, <c>[role=main]</c> or the single <c>article</c> when the page has one;</item>
/// <item>blocks that are mostly link text (link density above one half: menus, tag clouds, "read more"
///   lists) are pruned, deepest first.</item>
/// </list>
/// An element is never removed by the class/id rule when it holds most of the page's text or a heading
/// of level 1, so a <c>class="content has-sidebar"</c> wrapper survives.
/// </summary>
internal static partial class HtmlContentExtractor
{
    private const string AlwaysDropped =
        "script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, select, input, textarea, " +
        "nav, aside, dialog, menu, [hidden], [aria-hidden='true'], [role='navigation'], [role='banner'], " +
        "[role='contentinfo'], [role='complementary'], [role='search'], [role='dialog'], [role='alertdialog']";

    /// <summary>Class or id words that mark page furniture (matched as whole words split at -, _ and case changes).</summary>
    [GeneratedRegex(@"(?:^|[\s_\-])(?:nav|navbar|navigation|menu|menubar|footer|header|masthead|cookie|cookies|consent|gdpr|banner|sidebar|breadcrumbs?|share|sharing|social|advert|advertisement|ads|promo|popup|modal|newsletter|subscribe|signup|skip|related|comments?|toolbar|pagination|copyright|legal)(?:$|[\s_\-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoilerplateName();

    /// <summary>Page text and title (from <c>title</c>, else the first <c>h1</c>) of an HTML document.</summary>
    public static (string Text, string? Title) Extract(string html)
    {
        IHtmlDocument document = new HtmlParser().ParseDocument(html);
        string? title = Clean(document.Title);
        IElement body = document.Body ?? document.DocumentElement;
        title ??= Clean(body.QuerySelector("h1")?.TextContent);

        foreach (IElement element in body.QuerySelectorAll(AlwaysDropped).ToArray())
        {
            element.Remove();
        }
        foreach (IElement element in body.QuerySelectorAll("header, footer").ToArray())
        {
            if (element.Closest("article") is null)
            {
                element.Remove();
            }
        }
        int bodyText = TextLength(body);
        foreach (IElement element in body.QuerySelectorAll("[class], [id], [style]").ToArray())
        {
            if (element.ParentElement is null || !body.Contains(element) || element.LocalName is "main" or "article")
            {
                continue;
            }
            if (IsHiddenByStyle(element) || (LooksLikeBoilerplate(element) && !HoldsTheContent(element, bodyText)))
            {
                element.Remove();
            }
        }

        IElement root = ChooseRoot(body);
        PruneLinkHeavyBlocks(root);
        return (HtmlTextRenderer.Render(root), title);
    }

    /// <summary>All visible text of an HTML fragment (an e-mail body): no pruning, only invisible parts dropped.</summary>
    public static string ExtractAllText(string html)
    {
        IHtmlDocument document = new HtmlParser().ParseDocument(html);
        return HtmlTextRenderer.Render(document.Body ?? document.DocumentElement);
    }

    private static IElement ChooseRoot(IElement body)
    {
        IElement? main = body.QuerySelector("main, [role='main']");
        if (main is not null && TextLength(main) > 0)
        {
            return main;
        }
        var articles = body.QuerySelectorAll("article");
        if (articles.Length == 1 && TextLength(articles[0]) > 0)
        {
            return articles[0];
        }
        return body;
    }

    private static void PruneLinkHeavyBlocks(IElement root)
    {
        var blocks = root.QuerySelectorAll("div, section, ul, ol, dl, table, p, li, span").ToArray();
        // Deepest first: a menu list goes before its wrapper is judged, so the wrapper is judged on what is left.
        for (int i = blocks.Length - 1; i >= 0; i--)
        {
            IElement block = blocks[i];
            if (block.ParentElement is null || !root.Contains(block))
            {
                continue;
            }
            int text = TextLength(block);
            if (text == 0)
            {
                continue;
            }
            int linkText = 0;
            foreach (IElement link in block.QuerySelectorAll("a"))
            {
                linkText += TextLength(link);
            }
            if (linkText * 2 > text)
            {
                block.Remove();
            }
        }
    }

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

    private static bool HoldsTheContent(IElement element, int bodyText) =>
        element.QuerySelector("h1, main, article") is not null || (bodyText > 0 && TextLength(element) * 2 > bodyText);

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

    private static int TextLength(INode node)
    {
        int n = 0;
        foreach (char c in node.TextContent)
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
