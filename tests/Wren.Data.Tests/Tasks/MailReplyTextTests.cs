using Wren.Data.Tasks;

namespace Wren.Data.Tests.Tasks;

public sealed class MailReplyTextTests
{
    [Fact]
    public void QuotedLinesAWrappedAttributionAndTheSignatureAreRemoved()
    {
        string body = "Yes, Thursday works.\n\nOn Mon, Mar 3, 2003 at 10:00 AM Dana Whitfield <\ndana@acme.example> wrote:\n> Can we meet on Thursday?\n> Dana\n\nI'll book the room.\n\n-- \nMarcus Oyelaran\nAcme Corp.\n";
        Assert.Equal("Yes, Thursday works.\n\nI'll book the room.", MailReplyText.OwnText(body, []));
    }

    [Fact]
    public void AnOutlookHeaderBlockEndsTheReplyWithEverythingUnderIt()
    {
        string body = "Approved, go ahead.\n\nThanks\n\nFrom: Dana Whitfield\nSent: Monday, March 3, 2003 10:00 AM\nTo: Marcus Oyelaran\nSubject: Budget\n\nCan I order the new laptops?\n";
        Assert.Equal("Approved, go ahead.\n\nThanks", MailReplyText.OwnText(body, []));
    }

    [Fact]
    public void AnOriginalMessageLineEndsTheReply()
    {
        string body = "See attached.\n\n-----Original Message-----\nFrom: Dana\nPlease send the file.\n";
        Assert.Equal("See attached.", MailReplyText.OwnText(body, []));
    }

    [Fact]
    public void AFromLineThatStartsASentenceIsNotAHeaderBlock()
    {
        string body = "From: the sales team, with thanks.\n\nWe closed the quarter early.\n";
        Assert.Equal("From: the sales team, with thanks.\n\nWe closed the quarter early.", MailReplyText.OwnText(body, []));
    }

    [Fact]
    public void AYahooGroupsFooterIsCutByItsWording()
    {
        string body = "It is egg and bacon.\n\nMartin\n\n------------------------ Yahoo! Groups Sponsor ---------------------~-->\n4 DVDs Free\nhttp://us.click.yahoo.com/x\n---------------------------------------------------------------------~->\n\nTo unsubscribe from this group, send an email to:\nforteana-unsubscribe@egroups.com\n\nYour use of Yahoo! Groups is subject to http://docs.yahoo.com/info/terms/\n";
        Assert.Equal("It is egg and bacon.\n\nMartin", MailReplyText.OwnText(body, []));
    }

    [Fact]
    public void ASentenceAboutAMailingListAboveTheLastLinesStays()
    {
        string body = "I asked on the mailing list last week.\nNobody answered.\nSo I tried the manual.\nIt says to restart.\nThat worked.\nThanks again.\nBye\n";
        Assert.Equal(body.TrimEnd(), MailReplyText.OwnText(body, []));
    }

    [Fact]
    public void AFooterNamingTheListFromItsHeadersIsCut()
    {
        string body = "Try antiword.\n\n_______________________________________________\nSitescooper-talk mailing list\nSitescooper-talk@lists.sourceforge.net\nhttps://lists.sourceforge.net/lists/listinfo/sitescooper-talk\n";
        Assert.Equal("Try antiword.", MailReplyText.OwnText(body, ["sitescooper-talk"]));
    }
}
