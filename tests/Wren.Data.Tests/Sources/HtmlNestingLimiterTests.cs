using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class HtmlNestingLimiterTests
{
    [Fact]
    public void AnOrdinaryPageIsReturnedAsItIs()
    {
        string html = File.ReadAllText(SampleData.PathOf("docs", "1941-franklin-d-roosevelt.html"));
        Assert.Same(html, HtmlNestingLimiter.Limit(html));
    }

    [Fact]
    public void StartTagsPastTheCapAndTheirEndTagsAreDroppedAndAllTextKept()
    {
        string html = "<div><div>a<div>b<div>c</div></div></div></div><p>after</p>";
        Assert.Equal("<div><div>abc</div></div><p>after</p>", HtmlNestingLimiter.Limit(html, maxDepth: 2));
    }

    [Fact]
    public void VoidSelfClosingAndImplicitlyEndedElementsDoNotCountAsNesting()
    {
        var list = new System.Text.StringBuilder("<ul>");
        for (int i = 0; i < 2000; i++)
        {
            list.Append("<li>item<br><img src=x><p>para<span/>");
        }
        list.Append("</ul>");
        string html = list.ToString();
        Assert.Same(html, HtmlNestingLimiter.Limit(html, maxDepth: 8));
    }

    [Fact]
    public void TagsInsideCommentsScriptsAndAttributeValuesAreNotCounted()
    {
        string html = "<!-- <div><div><div> --><script>if (a <div) { '<div>'; }</script><a title=\"<div><div>\">x</a><div>y</div>";
        Assert.Same(html, HtmlNestingLimiter.Limit(html, maxDepth: 1));
    }
}
