using Wren.Data.Tasks;

namespace Wren.Data.Tests.Tasks;

public sealed class ListFooterStripperTests
{
    private static readonly Dictionary<string, string> SourceForgeHeaders = new()
    {
        ["list-id"] = "Razor-users mailing list <razor-users.example.sourceforge.net>",
        ["list-post"] = "<mailto:razor-users@example.sourceforge.net>",
        ["list-unsubscribe"] = "<https://example.sourceforge.net/lists/listinfo/razor-users>, <mailto:razor-users-request@lists.sourceforge.net?subject=unsubscribe>",
    };

    [Fact]
    public void ListNamesComeFromTheListIdTheAddressesAndTheUrls()
    {
        var names = ListFooterStripper.ListNames(SourceForgeHeaders);
        Assert.Contains("razor-users", names);
        Assert.DoesNotContain("razor-users-request", names);
        Assert.All(names, n => Assert.True(n.Length >= 3));
    }

    [Fact]
    public void TheSourceForgeFooterGoesWithItsSponsorBlockAndTheAuthorsTextStays()
    {
        string body = """
            Does razor-check time out for anyone else since Tuesday?
            My razor setup has not changed.

            Fox



            -------------------------------------------------------
            This sf.net email is sponsored by: OSDN - Tired of that same old
            cell phone?  Get a new here for FREE!
            https://www.inphonic.com/r.asp?r=sourceforge1&refcode1=vs3390
            _______________________________________________
            Razor-users mailing list
            Razor-users@lists.sourceforge.net
            https://lists.sourceforge.net/lists/listinfo/razor-users
            """;
        string stripped = ListFooterStripper.StripBody(body, ListFooterStripper.ListNames(SourceForgeHeaders));
        Assert.Equal("Does razor-check time out for anyone else since Tuesday?\nMy razor setup has not changed.\n\nFox", stripped);
    }

    [Fact]
    public void TheIlugSignatureStyleFooterGoesWithTheLinesUnderIt()
    {
        var headers = new Dictionary<string, string> { ["list-id"] = "Irish Linux Users' Group <ilug.linux.ie>" };
        string body = "You can also buy a machine from DNUK.\n\nJohn\n\n\n-- \nIrish Linux Users' Group: ilug@linux.ie\nhttp://www.linux.ie/mailman/listinfo/ilug for (un)subscription information.\nList maintainer: listmaster@linux.ie";
        Assert.Equal("You can also buy a machine from DNUK.\n\nJohn", ListFooterStripper.StripBody(body, ListFooterStripper.ListNames(headers)));
    }

    [Fact]
    public void AFooterQuotedInAReplyIsRemovedAndTheQuotedTextKept()
    {
        var headers = new Dictionary<string, string> { ["list-id"] = "<ilug.linux.ie>" };
        string body = "I agree.\n\n> Has anyone tried the new kernel?\n> -- \n> Irish Linux Users' Group: ilug@linux.ie\n> List maintainer: listmaster@linux.ie\n\nThanks";
        string stripped = ListFooterStripper.StripBody(body, ListFooterStripper.ListNames(headers));
        Assert.Contains("> Has anyone tried the new kernel?", stripped);
        Assert.DoesNotContain("ilug@", stripped);
        Assert.DoesNotContain("List maintainer", stripped);
        Assert.EndsWith("Thanks", stripped);
    }

    [Fact]
    public void ALineThatOnlyMentionsAWordLikeTheListNameStays()
    {
        var headers = new Dictionary<string, string> { ["list-id"] = "Friends of Rohit Khare <fork.xent.com>", ["list-post"] = "<mailto:fork@xent.com>" };
        string body = "We should fork the project and move on.\nhttp://xent.com/mailman/listinfo/fork";
        Assert.Equal("We should fork the project and move on.", ListFooterStripper.StripBody(body, ListFooterStripper.ListNames(headers)));
        Assert.True(ListFooterStripper.Reveals("Sender: fork-admin@xent.com", ["fork"]));
        Assert.False(ListFooterStripper.Reveals("a forked process", ["fork"]));
    }

    [Fact]
    public void WithoutListHeadersTheBodyIsUnchanged()
    {
        const string body = "Hello\n_______________\nsome footer";
        Assert.Equal(body, ListFooterStripper.StripBody(body, ListFooterStripper.ListNames(new Dictionary<string, string>())));
    }
}
