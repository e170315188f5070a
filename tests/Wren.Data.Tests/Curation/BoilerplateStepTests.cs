using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Quality;
using Wren.Data.Curation.Recipe;
using Wren.Data.Documents;
using Wren.Data.Tests.Sources;

namespace Wren.Data.Tests.Curation;

/// <summary>Cross-document boilerplate removal on the real sample: the acme intranet pages and the mailing-list mail.</summary>
public sealed class BoilerplateStepTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-boilerplate-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Only the steps under test: no language ID, no quality filters that would drop mail or menu lines first.</summary>
    private static CurationRecipe BoilerplateOnly(int minDocuments) => new()
    {
        Language = new LanguageOptions { Enabled = false },
        GopherRepetition = new GopherRepetitionOptions { Enabled = false },
        GopherQuality = new GopherQualityOptions { Enabled = false },
        C4 = new C4Options { Enabled = false },
        Fineweb = new FineWebOptions { Enabled = false },
        Pii = new Wren.Data.Curation.Pii.PiiOptions { Enabled = false },
        Dedup = new MinHashOptions { Exact = false, Near = false },
        Boilerplate = new BoilerplateOptions { MinDocuments = minDocuments },
    };

    private (CurationStatistics Stats, List<Document> Curated) Curate(List<Document> documents, CurationRecipe recipe)
    {
        var inputs = CurationInputs.Spill(documents, Path.Combine(_root, "in"), 100);
        var stats = CurationPipeline.Run(new CurationRunOptions { Inputs = inputs, OutputDirectory = Path.Combine(_root, "out"), Recipe = recipe, Threads = 2, WriteReport = false });
        return (stats, DocumentShardReader.Read(Path.Combine(_root, "out", "curated")).ToList());
    }

    [Fact]
    public async Task AMailingListFooterIsRemovedFromEveryMessageOfTheSampleAndCounted()
    {
        string[] footer =
        [
            "Irish Linux Users' Group: ilug@linux.ie",
            "http://www.linux.ie/mailman/listinfo/ilug for (un)subscription information.",
            "List maintainer: listmaster@linux.ie",
        ];
        var (mail, _) = await SampleData.ReadAsync(SampleData.PathOf("mail"));
        int withFooter = mail.Count(d => d.Text.Contains(footer[0], StringComparison.Ordinal));
        Assert.True(withFooter >= 20, $"the sample has the ILUG footer in {withFooter} messages");
        // Shards of 100 messages: no shard alone has ten footers' worth of some lists, so the counts must add up across shards.
        var (stats, curated) = Curate(mail, BoilerplateOnly(10));
        Assert.Equal(mail.Count, curated.Count);
        foreach (var document in curated)
        {
            // Line by line: a quoted copy ("> Irish Linux ...") is a different line and may stay.
            Assert.DoesNotContain(document.Text.Split('\n'), line => footer.Contains(line.Trim()));
        }
        var step = stats.Steps.Single(s => s.Step == "boilerplate");
        Assert.True(step.Changed >= withFooter, $"changed {step.Changed}");
        Assert.True(step.Counters["paragraphs_removed.repeated_paragraph"] >= withFooter);
        Assert.True(stats.Duplicates!.BoilerplateLines > 0);
        // Message bodies stay: the ILUG messages still hold their own first body line.
        var byId = curated.ToDictionary(d => d.Id);
        foreach (var original in mail.Where(d => d.Text.Contains(footer[0], StringComparison.Ordinal)).Take(5))
        {
            string body = original.Text.Split('\n').Select(l => l.Trim()).First(l => l.Length > 40 && !footer.Contains(l) && mail.Count(d => d.Text.Contains(l, StringComparison.Ordinal)) == 1);
            Assert.Contains(body, byId[original.Id].Text);
        }
    }

    [Fact]
    public void IntranetPageChromeIsRemovedFromTheAcmePagesWhenTheExtractorKeepsIt()
    {
        // All visible text of the six intranet pages (menus, cookie banner, footer included), as a
        // page without recognisable main content would be ingested.
        var pages = Directory.GetFiles(SampleData.PathOf("docs"), "*.html").Order(StringComparer.Ordinal)
            .Select(f => CurationSample.Make(Wren.Data.Sources.HtmlContentExtractor.ExtractAllText(File.ReadAllText(f)), Path.GetFileName(f))).ToList();
        Assert.Equal(6, pages.Count);
        // The pages come in several layouts, so chrome lines are shared by some pages, not all: three is enough here.
        var lines = pages.Select(p => p.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 20).ToHashSet()).ToList();
        var shared = lines.SelectMany(l => l).Distinct().Where(l => lines.Count(set => set.Contains(l)) >= 3).ToList();
        Assert.Contains("How to book a meeting room", shared); // the "In this section" sidebar
        var (stats, curated) = Curate(pages, BoilerplateOnly(3));
        Assert.Equal(6, curated.Count);
        foreach (var page in curated)
        {
            Assert.DoesNotContain(page.Text.Split('\n'), line => shared.Contains(line.Trim()));
            // The address itself stays: its longest line is in no other page.
            string speech = pages.Single(p => p.Id == page.Id).Text.Split('\n').MaxBy(l => l.Length)!;
            Assert.Contains(speech, page.Text);
        }
        var step = stats.Steps.Single(s => s.Step == "boilerplate");
        // Pages with a shared line change; so may others, through a shared menu paragraph of short lines.
        Assert.InRange(step.Changed, lines.Count(set => set.Overlaps(shared)), 6);
        Assert.True(step.Counters["paragraphs_removed.repeated_paragraph"] > 0);
        Assert.True(step.Counters["lines_removed.repeated_line"] > 0);
    }

    [Fact]
    public void ASharedParagraphGoesWholeSingleSharedLinesGoAndBlankRunsCloseUp()
    {
        const string signature = "--\nDana Whitfield, Research Library\nAcme Corp. | 555 Main Street";
        const string notice = "This message is confidential and intended only for its recipients.";
        string text = "Hi all,\n\nThe reading list for March is attached to the wiki page now.\n" + notice + "\n\n" + signature;
        var units = new HashSet<ulong>();
        BoilerplateUnits.Collect(text, 20, units);
        var lines = Wren.Data.Curation.Text.TextLines.SplitOnNewline(text);
        // Two paragraphs of two or more lines; the one-line greeting is not a paragraph.
        Assert.Equal(2, BoilerplateUnits.Paragraphs(text, lines).Count);

        var shared = new HashSet<ulong> { BoilerplateUnits.ParagraphHash(signature), BoilerplateUnits.LineHash(notice) };
        var (result, document, counters) = CurationSample.Run(new BoilerplateStep(shared, 20), text);
        Assert.False(result.Dropped);
        Assert.Equal("Hi all,\n\nThe reading list for March is attached to the wiki page now.", document.Text);
        Assert.Equal(1, counters.Values["paragraphs_removed.repeated_paragraph"]);
        Assert.Equal(1, counters.Values["lines_removed.repeated_line"]);
    }

    [Fact]
    public void ADocumentThatIsOneParagraphIsNotAParagraphUnit()
    {
        // Whole-document copies are dedup's business; boilerplate removal must not empty them.
        string text = "The reading list for March is attached.\nPlease add your own titles by Friday.";
        var lines = Wren.Data.Curation.Text.TextLines.SplitOnNewline(text);
        Assert.Empty(BoilerplateUnits.Paragraphs(text, lines));
    }
}
