using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Wren.Data.Sources;
using Xunit.Abstractions;

namespace Wren.Data.Tests.Sources;

/// <summary>Main-content extraction measured on the six intranet page layouts of the sample (and the three in the
/// archives): every speech paragraph kept, every piece of page furniture gone.</summary>
public sealed class HtmlContentExtractorTests(ITestOutputHelper output)
{
    /// <summary>Strings that occur only in page furniture: menus, cookie banners, sidebars, footers, comments.</summary>
    private static readonly string[] Boilerplate =
    [
        "We use cookies", "cookie policy", "Accept all", "All rights reserved", "People Directory", "IT Helpdesk",
        "Travel and expenses policy", "Quarterly all-hands", "Privacy", "Terms of use", "Was this page helpful",
        "Documents in this library", "Back to top", "Best viewed in", "Sign out", "Quick links", "Recently updated",
        "Thanks, linked from the briefing pack", "Labels:", "Search the intranet", "Canteen menu", "Share:",
    ];

    public static TheoryData<string, string, string> Pages => new()
    {
        { "1799-john-adams.html", "Gentlemen of the Senate and Gentlemen of the House of Representatives", "unshaken attachment to our Government." },
        { "1809-james-madison.html", "At the period of our last meeting", "welfare of our beloved country." },
        { "1917-woodrow-wilson.html", "GENTLEMEN OF THE CONGRESS: Eight months have elapsed", "clear heights of His own justice and mercy." },
        { "1941-franklin-d-roosevelt.html", "I address you, the Members of the Seventy-seventh Congress", "no end save victory." },
        { "1980-jimmy-carter.html", "This last few months has not been an easy time", "decade of national resolve and of brave achievement." },
        { "2002-george-w-bush.html", "As we gather tonight, our Nation is at war", "we will see freedom's victory." },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void KeepsTheSpeechAndDropsThePageFurniture(string file, string opening, string closing)
    {
        string html = File.ReadAllText(SampleData.PathOf("docs", file));
        var (text, title) = HtmlContentExtractor.Extract(html);

        Assert.Contains(opening, text);
        Assert.Contains(closing, text);
        Assert.Contains("State of the Union", title);
        string[] leaked = Boilerplate.Where(b => text.Contains(b, StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.True(leaked.Length == 0, $"{file}: boilerplate kept: {string.Join(" | ", leaked)}");
        Assert.DoesNotContain("function(", text); // no script
        Assert.DoesNotContain("document.", text);
        Assert.DoesNotContain("{", text); // no style or JSON-LD

        // Recall measured against the page itself: every long paragraph (the speech) must be in the text.
        var (kept, total) = ParagraphRecall(html, text);
        output.WriteLine($"{file}: {kept}/{total} speech paragraphs kept, {text.Length} chars, 0 of {Boilerplate.Length} boilerplate strings");
        Assert.True(total >= 5, $"{file}: expected speech paragraphs, found {total}");
        Assert.Equal(total, kept);
    }

    [Fact]
    public void LinkListsAndHiddenBannersArePrunedEvenWithoutSemanticTags()
    {
        string html = """
            <html><body>
            <div class="topLinks"><a href="/a">Home</a> <a href="/b">News</a> <a href="/c">Contact us</a></div>
            <div id="cookieConsent">This site uses cookies. <a href="/p">Learn more</a></div>
            <div style="display: none">Hidden promo text</div>
            <div class="content has-sidebar"><h1>Quarterly report</h1><p>Revenue grew by four percent in the quarter, driven by services.</p>
            <p>See <a href="/x">the appendix</a> for the regional breakdown of the numbers we reported.</p></div>
            <table><tr><td><a href="/1">One</a></td><td><a href="/2">Two</a></td></tr></table>
            </body></html>
            """;
        var (text, title) = HtmlContentExtractor.Extract(html);
        Assert.Equal("Quarterly report", title);
        Assert.Contains("Revenue grew by four percent", text);
        Assert.Contains("See the appendix for the regional breakdown", text);
        Assert.DoesNotContain("Home", text);
        Assert.DoesNotContain("cookies", text);
        Assert.DoesNotContain("Hidden promo", text);
        Assert.DoesNotContain("One", text);
    }

    [Fact]
    public void ParagraphsBecomeBlankLineSeparatedAndWhitespaceCollapses()
    {
        string text = HtmlContentExtractor.ExtractAllText("<p>First   paragraph\n spans lines.</p><p>Second<br>line two</p><pre>  keep\n  this</pre>");
        Assert.Equal("First paragraph spans lines.\n\nSecond\nline two\n\n  keep\n  this", text);
    }

    private static (int Kept, int Total) ParagraphRecall(string html, string text)
    {
        var document = new HtmlParser().ParseDocument(html);
        string normalizedText = Normalize(text);
        int kept = 0, total = 0;
        foreach (var p in document.QuerySelectorAll("p"))
        {
            string paragraph = Normalize(p.TextContent);
            if (paragraph.Length < 200)
            {
                continue;
            }
            total++;
            kept += normalizedText.Contains(paragraph, StringComparison.Ordinal) ? 1 : 0;
        }
        return (kept, total);
    }

    private static string Normalize(string s) => Regex.Replace(s, @"\s+", " ").Trim();

    [Fact]
    public void TwoHundredThousandNestedDivsGiveTheirTextWithoutExhaustingTheStack()
    {
        var (text, title) = HtmlContentExtractor.Extract(HostileInputs.NestedDivHtml(200_000));
        Assert.Equal("Deep", title);
        Assert.Equal("The innermost sentence.\n\nA paragraph after the nest.", text);
    }

    [Fact]
    public void AParsedTreeDeeperThanTheWalksAllowIsRefusedWithAnError()
    {
        // Tree construction can nest deeper than the source's tags say (a tbody and a tr around every cell):
        // the depth is checked after parsing, here with a limit small enough to reach.
        string html = "<body>" + string.Concat(Enumerable.Repeat("<div>", 20)) + "x</body>";
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => HtmlContentExtractor.Extract(html, maxSourceDepth: 64, maxTreeDepth: 8));
        Assert.Contains("levels deep, more than 8", e.Message);
        Assert.Equal("x", HtmlContentExtractor.Extract(html).Text);
    }
}
