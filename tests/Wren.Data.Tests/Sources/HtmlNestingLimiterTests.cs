using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class HtmlNestingLimiterTests
{
    [Fact]
    public void An_ordinary_page_is_returned_as_it_is()
    {
        string html = File.ReadAllText(SampleData.PathOf("docs", "1941-franklin-d-roosevelt.html"));
        Assert.Same(html, HtmlNestingLimiter.Limit(html));
    }

    [Fact]
    public void Start_tags_past_the_cap_and_their_end_tags_are_dropped_and_all_text_kept()
    {
        string html = "<div><div>a<div>b<div>c</div></div></div></div><p>after</p>";
        Assert.Equal("<div><div>abc</div></div><p>after</p>", HtmlNestingLimiter.Limit(html, maxDepth: 2));
    }

    [Fact]
    public void Void_self_closing_and_implicitly_ended_elements_do_not_count_as_nesting()
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
    public void Tags_inside_comments_scripts_and_attribute_values_are_not_counted()
    {
        string html = "<!-- <div><div><div> --><script>if (a <div) { '<div>'; }</script><a title=\"<div><div>\">x</a><div>y</div>";
        Assert.Same(html, HtmlNestingLimiter.Limit(html, maxDepth: 1));
    }
}
