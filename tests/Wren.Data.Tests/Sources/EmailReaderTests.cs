using Wren.Data.Documents;

namespace Wren.Data.Tests.Sources;

public sealed class EmailReaderTests
{
    [Fact]
    public async Task EmlGivesSubjectAndPlainBodyWithHeadersInMetadata()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("mail", "acme-4790-archive-scan-pdf.eml"));
        Assert.Empty(errors);
        Document mail = docs[0];
        Assert.StartsWith("Re: Archive scan of the 1862 message\n\n", mail.Text);
        Assert.Equal("text/plain", mail.Metadata["body_type"]!.GetValue<string>()); // plain part chosen over the HTML one
        Assert.DoesNotContain("<", mail.Text);
        Assert.Contains("marcus.oyelaran@acme.example", mail.Metadata["from"]!.GetValue<string>());
        Assert.Contains("dana.whitfield@acme.example", mail.Metadata["to"]!.GetValue<string>());
        Assert.Equal("2003-03-12T16:41:00-05:00", mail.Metadata["date"]!.GetValue<string>());
        Assert.Equal("20030312164100.4790@mail.acme.example", mail.Metadata["message_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task QuotedReplyIsMarkedAsACharacterRangeWithItsAttributionLine()
    {
        var (docs, _) = await SampleData.ReadAsync(SampleData.PathOf("mail", "acme-4790-archive-scan-pdf.eml"));
        Document mail = docs[0];
        Assert.True(mail.Metadata["has_quoted"]!.GetValue<bool>());
        var range = Assert.Single(mail.Metadata["quoted_ranges"]!.AsArray())!.AsArray();
        string quoted = mail.Text[range[0]!.GetValue<int>()..range[1]!.GetValue<int>()];
        Assert.StartsWith("On Wed, 12 Mar 2003", quoted);
        Assert.EndsWith("missing pages.", quoted);
        Assert.All(quoted.Split('\n').Skip(1), line => Assert.StartsWith(">", line));
        // The author's own words are outside the range.
        Assert.DoesNotContain("Here it is", quoted);
    }

    [Fact]
    public async Task SignatureAfterTheDashDashDelimiterIsMarked()
    {
        var (docs, _) = await SampleData.ReadAsync(SampleData.PathOf("mail", "acme-4711-briefing-docx.eml"));
        Document mail = docs[0];
        Assert.True(mail.Metadata["has_signature"]!.GetValue<bool>());
        var range = mail.Metadata["signature_range"]!.AsArray();
        string signature = mail.Text[range[0]!.GetValue<int>()..range[1]!.GetValue<int>()];
        Assert.StartsWith("-- \nDana Whitfield", signature);
        Assert.False(mail.Metadata["has_quoted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DocumentAttachmentsBecomeTheirOwnDocumentsWithSourcePathHashName()
    {
        string path = SampleData.PathOf("mail", "acme-4711-briefing-docx.eml");
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(errors);
        Assert.Equal(2, docs.Count);
        Assert.Equal("1934-franklin-d-roosevelt.docx", Assert.Single(docs[0].Metadata["attachments"]!.AsArray())!.GetValue<string>());
        Document attachment = docs[1];
        Assert.Equal(docs[0].Source + "#1934-franklin-d-roosevelt.docx", attachment.Source);
        Assert.Equal("docx", attachment.Metadata["format"]!.GetValue<string>());
        Assert.Contains("Year\t1934", attachment.Text);

        var (pdfMail, _) = await SampleData.ReadAsync(SampleData.PathOf("mail", "acme-4790-archive-scan-pdf.eml"));
        Assert.Equal("pdf", pdfMail[1].Metadata["format"]!.GetValue<string>());
        Assert.Equal(14, pdfMail[1].Metadata["pages"]!.GetValue<int>());
    }

    [Fact]
    public async Task HtmlOnlyMessageIsConvertedToText()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("mail", "acme-4802-reading-list-html.eml"));
        Assert.Empty(errors);
        Document mail = docs[0];
        Assert.Equal("text/html", mail.Metadata["body_type"]!.GetValue<string>());
        Assert.DoesNotContain("<p", mail.Text);
        Assert.DoesNotContain("&nbsp;", mail.Text);
        Assert.Contains("The full text of the 1790 message is attached as plain text.", mail.Text);
        Assert.EndsWith("#1790-george-washington.txt", docs[1].Source);
        Assert.Equal("text", docs[1].Metadata["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task MboxIsSplitIntoEveryMessageAndMboxrdEscapesAreUndone()
    {
        string path = SampleData.PathOf("mail", "archive.mbox");
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(errors);
        var messages = docs.Where(d => d.Metadata["format"]!.GetValue<string>() == "email").ToList();
        Assert.Equal(101, messages.Count);
        Assert.Equal(Enumerable.Range(1, 101).Select(n => $"#{n}"), messages.Select(d => d.Source[d.Source.LastIndexOf('#')..]));
        Assert.Equal(messages.Count, messages.Select(d => d.Id).Distinct().Count());
        Assert.All(messages, m => Assert.True(m.Metadata["from"] is not null, m.Source));

        // The built message: three body lines start "From " (escaped ">From " in the file), one ">From " (">>From ").
        Document built = messages.Single(m => m.Text.Contains("From a belief that", StringComparison.Ordinal));
        string[] lines = built.Text.Split('\n');
        Assert.Equal(3, lines.Count(l => l.StartsWith("From ", StringComparison.Ordinal)));
        Assert.Equal(1, lines.Count(l => l.StartsWith(">From ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EverySampleMailFileIsReadWithoutErrorExceptEmptyOrUnreadableAttachments()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("mail"), new SourceOptionsBuilder().Include("*.eml").Threads(2).Build());
        // 327 messages and the three documents attached to the acme-* messages, plus spam attachments that are documents.
        Assert.Equal(327, docs.Count(d => !d.Source.Contains('#')));
        Assert.All(docs.Where(d => !d.Source.Contains('#')), d => Assert.Equal("email", d.Metadata["format"]!.GetValue<string>()));
        Assert.All(errors, e => Assert.Contains(".eml#", e.File));
        Assert.All(docs, d => Assert.DoesNotContain('\0', d.Text));
    }
}
