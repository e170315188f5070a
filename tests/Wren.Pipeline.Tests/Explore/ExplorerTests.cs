using System.Text;
using Wren.Pipeline.Explore;

namespace Wren.Pipeline.Tests.Explore;

/// <summary>The explorer on data made for each case: a ticket export with a queue, mail sorted into folders, personal data.</summary>
public sealed class ExplorerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-explore-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ExploreOptions Options(params string[] sources) => new() { Sources = sources, MeasureCpu = false, Folds = 3 };

    private string Write(string relative, string text)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task ALowCardinalityColumnBesideTextBecomesAClassificationCandidateWithTheRecordsCommand()
    {
        var csv = new StringBuilder("id,subject,body,queue,created\n");
        string[] billing = ["invoice", "refund", "charge", "payment"], shipping = ["parcel", "courier", "tracking", "delivery"];
        for (int i = 0; i < 90; i++)
        {
            string queue = i < 3 ? "legal" : i % 2 == 0 ? "billing" : "shipping";
            string[] words = i % 2 == 0 ? billing : shipping;
            csv.Append($"{i},Question number {i} about my account,\"Hello, I have a problem with the {words[i % 4]} and the {words[(i + 1) % 4]} of order {i}, please help me soon.\",{queue},2024-03-{1 + i % 28:00}\n");
        }

        string file = Write("export/tickets.csv", csv.ToString());
        var report = await Explorer.RunAsync(Options(Path.Combine(_dir, "export")));

        var candidate = Assert.Single(report.Candidates, c => c.Kind == "classify-records");
        Assert.Equal(file, candidate.Source);
        Assert.Equal(["shipping", "billing", "other"], candidate.Labels!.Keys);
        Assert.Equal(3, candidate.Labels["other"]);
        Assert.Equal($"wren task data {file} --from records --input '{{subject}}\\n\\n{{body}}' --output '{{queue}}' --rare other --out tasks/tickets-queue", candidate.Command);
        Assert.NotNull(candidate.Baseline);
        Assert.True(candidate.Baseline!.Accuracy > candidate.Baseline.MajorityAccuracy, $"{candidate.Baseline}");
        // Every baseline comes with its learning curve and the lift estimate read from it, labelled as an estimate.
        Assert.Equal(3, candidate.Baseline.Curve.Count);
        Assert.NotNull(candidate.Lift);
        Assert.StartsWith("Estimate", candidate.Lift!.Basis, StringComparison.Ordinal);
        Assert.True(candidate.Lift.ExpectedAccuracy >= candidate.Baseline.Accuracy);
        Assert.Contains(report.Candidates, c => c.Kind == "ticket-records" && c.Source == file);
        // The report says where its time went: each phase in order, and the close look's parts.
        Assert.Equal("read, count and observe (analysis alongside)", report.Timings[0].Name);
        Assert.Contains(report.Timings, t => t.Name == "analyse: curation dry run (all workers)" && t.CpuSeconds is null);
        Assert.Contains(report.Timings, t => t.Name.StartsWith("baseline: classify tickets.csv", StringComparison.Ordinal) && t.CpuSeconds > 0);
        var table = Assert.Single(report.Inventory.Tables);
        Assert.Equal("body", table.TextColumn);
        Assert.Equal("label-like", table.Columns.Single(c => c.Name == "queue").Role);
        Assert.Equal("2024-03-01", report.Inventory.FirstDate);
    }

    [Fact]
    public async Task MailInAJunkFolderIsASpamTaskWithAMeasuredBaselineAndTheFoldersCommand()
    {
        for (int i = 0; i < 24; i++)
        {
            Write($"mail/inbox/m{i}.eml", $"From: colleague{i % 5}@example.org\nTo: me@example.org\nSubject: Project status {i}\nMessage-ID: <m{i}@example.org>\n\nHi, the project review for milestone {i} is on Tuesday; the draft agenda and minutes are in the shared folder.\n");
            Write($"mail/Junk/s{i}.eml", $"From: deals{i}@offers.example\nTo: undisclosed-recipients:;\nSubject: CHEAP WATCHES {i}!!!\nMessage-ID: <s{i}@offers.example>\n\nBuy cheap watches now, special promotion {i}, click here, limited time only!\n");
        }

        var report = await Explorer.RunAsync(Options(Path.Combine(_dir, "mail")));
        var spam = Assert.Single(report.Candidates, c => c.Kind == "spam");
        Assert.Equal(Path.Combine(_dir, "mail"), spam.Source);
        Assert.Equal(24, spam.Labels!["spam"]);
        Assert.Equal(24, spam.Labels["ham"]);
        Assert.Equal($"wren task data {Path.Combine(_dir, "mail")} --from folders --map Junk=spam --map '*=ham' --out tasks/spam", spam.Command);
        Assert.True(spam.Baseline!.Accuracy > 0.9);
        Assert.Equal(48, report.Inventory.Mail.Messages);
        Assert.Contains(report.Inventory.Mail.SenderDomains, d => d.Name == "example.org" && d.Count == 24);
    }

    [Fact]
    public async Task AJunkFolderBelowALevelOfYearlyExportsIsStillASpamTask()
    {
        // mail/2023 and mail/2024 hold the most mail, so routing by year is found; the Junk folders below must not be lost to it.
        foreach (string year in new[] { "2023", "2024" })
        {
            for (int i = 0; i < 12; i++)
            {
                Write($"mail/{year}/inbox/m{i}.eml", $"From: colleague{i % 5}@example.org\nTo: me@example.org\nSubject: Project status {i}\nMessage-ID: <m{i}.{year}@example.org>\n\nHi, the project review for milestone {i} is on Tuesday; the draft agenda and minutes are in the shared folder.\n");
                Write($"mail/{year}/Junk/s{i}.eml", $"From: deals{i}@offers.example\nTo: undisclosed-recipients:;\nSubject: CHEAP WATCHES {i}!!!\nMessage-ID: <s{i}.{year}@offers.example>\n\nBuy cheap watches now, special promotion {i}, click here, limited time only!\n");
            }
        }

        var report = await Explorer.RunAsync(Options(Path.Combine(_dir, "mail")) with { MeasureBaselines = false });

        var spam = Assert.Single(report.Candidates, c => c.Kind == "spam");
        Assert.Equal(Path.Combine(_dir, "mail", "2023"), spam.Source);
        Assert.Equal(12, spam.Labels!["spam"]);
        Assert.Contains(report.Candidates, c => c.Kind == "route-mail" && c.Source == Path.Combine(_dir, "mail"));
    }

    [Fact]
    public async Task AShortReplyIsJudgedAsMailAsWrenCurateJudgesItNotAsWebText()
    {
        // One sentence of a dozen words: web rules drop it (gopher_short_doc wants 50 words), the mail kind keeps it.
        string[] items = ["contract", "invoice", "report", "schedule", "budget", "proposal"];
        for (int i = 0; i < 12; i++)
            Write($"mail/m{i}.eml", $"From: anna@example.org\nTo: bob@example.org\nSubject: Re: the {items[i % 6]}\nMessage-ID: <r{i}@example.org>\n\nThanks Bob, I will send the signed {items[i % 6]} to the client tomorrow morning before our meeting.\n");

        var report = await Explorer.RunAsync(Options(Path.Combine(_dir, "mail")));

        var mail = Assert.Single(report.Quality.ByKind, k => k.Kind == "email");
        Assert.Equal(12, mail.Documents);
        Assert.Equal(12, mail.Kept);
        Assert.Empty(mail.Dropped);
    }

    [Fact]
    public async Task PersonalDataIsCountedAndShownOnlyMaskedNeverItsValues()
    {
        Write("notes/a.txt", "Please call Alice on +44 20 7946 0958 or write to alice.smith@example.com about the renewal of the office lease this spring.");
        var report = await Explorer.RunAsync(Options(Path.Combine(_dir, "notes")));
        Assert.Equal(1, report.Pii["email"]);
        Assert.Equal(1, report.Pii["phone"]);
        string json = ExploreJson.Serialize(report), html = ExploreHtml.Render(report);
        foreach (string value in new[] { "alice.smith@example.com", "7946 0958" })
        {
            Assert.DoesNotContain(value, json);
            Assert.DoesNotContain(value, html);
        }

        Assert.Contains(report.Quality.PiiExamples, e => e.Type == "email" && e.Masked.Contains("<EMAIL>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportsWithTheSameColumnsAreOneCandidateBuiltWithAnIncludeGlob()
    {
        foreach (string month in new[] { "2024-01", "2024-02" })
        {
            var csv = new StringBuilder("id,body,queue\n");
            for (int i = 0; i < 30; i++)
                csv.Append($"{i},\"Hello, a question about the {(i % 2 == 0 ? "invoice and the refund" : "parcel and the courier")} number {i} in {month}.\",{(i % 2 == 0 ? "billing" : "shipping")}\n");
            Write($"exports/{month}/tickets.csv", csv.ToString());
        }

        var report = await Explorer.RunAsync(Options(Path.Combine(_dir, "exports")));
        var candidate = Assert.Single(report.Candidates, c => c.Kind == "classify-records");
        Assert.Equal(60, candidate.Examples);
        Assert.Equal($"wren task data {Path.Combine(_dir, "exports")} --from records --include '**/tickets.csv' --input '{{body}}' --output '{{queue}}' --out tasks/tickets-queue", candidate.Command);
        Assert.Contains("2 files with the columns of tickets.csv", candidate.Source);
    }

    [Fact]
    public async Task ALabelColumnOfAddressesShowsItsLabelsMaskedAndApart()
    {
        var csv = new StringBuilder("id,body,owner\n");
        for (int i = 0; i < 40; i++)
            csv.Append($"{i},\"Please look at the {(i % 2 == 0 ? "invoice" : "parcel")} question number {i} for our customer today.\",{(i % 2 == 0 ? "ann.lee@example.com" : "bob.ray@example.com")}\n");
        Write("owners/owned.csv", csv.ToString());
        var report = await Explorer.RunAsync(Options(Path.Combine(_dir, "owners")));
        var candidate = Assert.Single(report.Candidates, c => c.Kind == "classify-records");
        Assert.Equal(["<EMAIL> 1", "<EMAIL> 2"], candidate.Labels!.Keys.Order());
        Assert.DoesNotContain("ann.lee@example.com", ExploreJson.Serialize(report));
    }
}
