using System.Text.Json;
using Wren.Pipeline.Explore;

namespace Wren.Pipeline.Tests.Explore;

/// <summary>The explorer on samples/acme, once for the class: it must find the mail routing and spam tasks, the reply pairs and the ticket records.</summary>
public sealed class BundledSampleExploreTests(BundledSampleExploreTests.Run run) : IClassFixture<BundledSampleExploreTests.Run>
{
    public sealed class Run : IAsyncLifetime
    {
        public ExploreReport Report { get; private set; } = null!;

        public static string Samples
        {
            get
            {
                for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "samples", "acme");
                    if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")) && Directory.Exists(candidate)) return candidate;
                }

                throw new InvalidOperationException("samples/acme not found");
            }
        }

        public async Task InitializeAsync() =>
            Report = await Explorer.RunAsync(new ExploreOptions { Sources = [Samples], MeasureCpu = false, Folds = 3, Source = new Data.Sources.SourceOptions { Threads = 2 } });

        public Task DisposeAsync() => Task.CompletedTask;
    }

    private ExploreReport Report => run.Report;

    [Fact]
    public void TheMailingListsAreARoutingTaskWithAMeasuredBaselineAndTheMailHeadersCommand()
    {
        var route = Assert.Single(Report.Candidates, c => c.Kind == "route-mail");
        Assert.Contains("ilug.linux.ie", route.Labels!.Keys);
        Assert.Contains("fork.xent.com", route.Labels.Keys);
        Assert.Equal($"wren task data {Path.Combine(Run.Samples, "mail")} --from mail-headers --label-header List-Id --rare drop --out tasks/mail-lists", route.Command);
        Assert.NotNull(route.Baseline);
        Assert.True(route.Baseline!.Accuracy > route.Baseline.MajorityAccuracy, $"{route.Baseline}");
    }

    [Fact]
    public void SpamLikeTrafficIsFoundAndMostOfWhatIsFlaggedIsTheCorpussSpam()
    {
        var spam = Assert.Single(Report.Candidates, c => c.Kind == "spam");
        long flagged = spam.Labels!["spam-like"];
        // The sample holds 58 spam messages as .eml files and 10 in the mbox, among 388 messages.
        Assert.InRange(flagged, 25, 140);
        Assert.Null(spam.Baseline);
        Assert.StartsWith("wren task data ", spam.Command);
        // The corpus's spam is named spam1-*/spam2-*; the .eml files flagged must be mostly those (the mbox's are not named).
        var files = Report.SpamLikeMessages.Where(s => s.EndsWith(".eml", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Equal(flagged, Report.SpamLikeMessages.Count);
        double precision = (double)files.Count(f => f!.StartsWith("spam", StringComparison.Ordinal)) / files.Count;
        Assert.True(precision >= 0.7, $"{precision:P0} of {files.Count} flagged .eml files are the corpus's spam");
    }

    [Fact]
    public void ReplyPairsAreCounted()
    {
        var replies = Assert.Single(Report.Candidates, c => c.Kind == "reply-pairs");
        Assert.True(replies.Examples >= 50, $"{replies.Examples} pairs");
    }

    [Fact]
    public void TheTicketRecordsAreFoundInTheCsvAndTheDatabase()
    {
        Assert.Contains(Report.Candidates, c => c.Kind == "ticket-records" && c.Source.EndsWith("tickets.csv", StringComparison.Ordinal) && c.Examples == 200);
        Assert.Contains(Report.Candidates, c => c.Kind == "ticket-records" && c.Source.EndsWith("support.db!/tickets", StringComparison.Ordinal) && c.Examples == 150);
        Assert.Contains(Report.Candidates, c => c.Kind == "qa-records" && c.Source.EndsWith("kb.parquet", StringComparison.Ordinal));
    }

    [Fact]
    public void TheJsonHasTheFieldsScriptsRead()
    {
        using var json = JsonDocument.Parse(ExploreJson.Serialize(Report));
        var root = json.RootElement;
        foreach (string key in new[] { "documents", "tokens", "languages", "pii", "kept_fraction", "candidates" }) Assert.True(root.TryGetProperty(key, out _), key);
        Assert.True(root.GetProperty("languages").GetProperty("en").GetInt64() > 100);
        Assert.InRange(root.GetProperty("kept_fraction").GetDouble(), 0.05, 0.99);
        foreach (var c in root.GetProperty("candidates").EnumerateArray())
            foreach (string key in new[] { "kind", "source", "examples", "labels", "baseline", "command" }) Assert.True(c.TryGetProperty(key, out _), key);
        Assert.True(Report.Inventory.UnreadableCount >= 3);
        Assert.True(Report.Quality.ExactDuplicates >= 6, $"{Report.Quality.ExactDuplicates} exact duplicates");
    }
}
