using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Report;

namespace Wren.Data.Tests.Curation;

/// <summary>
/// report.html rendered by a real browser: Debian's Chromium, headless (./test.sh installs it as root).
/// The page must render without console errors, fetch nothing, and show the numbers stats.json holds.
/// </summary>
public sealed partial class HtmlReportTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-report-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex("data-stat=\"([^\"]+)\">([^<]*)<")]
    private static partial Regex DataStat();

    [Fact]
    public void TheReportRendersInHeadlessChromiumWithoutConsoleErrorsAndShowsTheStatsJsonNumbers()
    {
        // The sample, plus a speech with contact details added, so the PII section has findings.
        Directory.CreateDirectory(_root);
        string extra = Path.Combine(_root, "extra.jsonl");
        var speech = CurationSample.Get("sotu-1934_franklin_d_roosevelt_d");
        string withContacts = speech.Text + "\nQuestions may be sent to the clerk at clerk.office@house.example.gov or by telephone to +1 202 555 0143 before the session.";
        File.WriteAllText(extra, System.Text.Json.JsonSerializer.Serialize(new { id = "speech-with-contacts", text = withContacts }) + "\n");
        var stats = CurationPipeline.Run(new CurationRunOptions
        {
            Inputs = [CurationSample.Path, extra],
            OutputDirectory = Path.Combine(_root, "out"),
            Recipe = new CurationRecipe { Language = new LanguageOptions { Enabled = false } },
            Threads = 2,
        });
        string report = Path.Combine(_root, "out", "report.html");
        string html = File.ReadAllText(report);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotMatch("(src|href)=\"https?:", html);

        var (dom, log) = RunChromium(report);
        Assert.Contains("<h1>Wren curation report</h1>", dom);
        Assert.DoesNotContain(":CONSOLE(", log);

        var shown = DataStat().Matches(dom).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        var fromJson = CurationStatistics.Read(Path.Combine(_root, "out", "stats.json"));
        Assert.Equal(fromJson.Input.Documents, shown["input.documents"]);
        Assert.Equal(fromJson.Input.Bytes, shown["input.bytes"]);
        Assert.Equal(fromJson.Output.Documents, shown["curated.documents"]);
        Assert.Equal(fromJson.Output.Words, shown["curated.words"]);
        Assert.Equal(fromJson.Rejected, shown["rejected"]);
        foreach (var step in fromJson.Steps)
        {
            Assert.Equal(step.DocumentsIn, shown[$"{step.Step}.documents_in"]);
            Assert.Equal(step.Kept, shown[$"{step.Step}.kept"]);
            Assert.Equal(step.DroppedTotal, shown[$"{step.Step}.dropped"]);
            foreach (var (rule, count) in step.Dropped)
            {
                Assert.Equal(count, shown[$"{step.Step}.{rule}"]);
            }
        }
        Assert.Equal(1, fromJson.Pii["EMAIL"]);
        Assert.Equal(1, fromJson.Pii["PHONE"]);
        foreach (var (type, count) in fromJson.Pii)
        {
            Assert.Equal(count, shown[$"pii.{type}"]);
        }
        Assert.Equal(stats.Output.Documents, fromJson.Output.Documents);
        // Examples show real dropped text with the offending part highlighted.
        Assert.Contains("<mark>", dom);
        Assert.Contains("<svg", dom);
    }

    /// <summary>Mail, records and web crawl in one run: a funnel per kind, its numbers from stats.json, and every dropped example with its evidence.</summary>
    [Fact]
    public void TheReportShowsAFunnelPerKindAndTheEvidenceOfEveryDroppedExample()
    {
        Directory.CreateDirectory(_root);
        string input = Path.Combine(_root, "kinds.jsonl");
        var lines = new List<string>();
        foreach (var d in CurationSample.Documents().Take(6))
        {
            lines.Add(System.Text.Json.JsonSerializer.Serialize(new { id = d.Id, text = d.Text }));
        }
        string[] replies = ["Thanks, the fix works on our side.", "Can we move the call to Thursday at ten?", "Ok", "The invoice for March is attached. Please confirm you received it."];
        string[] tickets = ["Printer on floor three jams again.", "Refund issued to the customer for order 4411.", "Ok", "Password reset link expired before the user could open it."];
        for (int i = 0; i < replies.Length; i++)
        {
            lines.Add(System.Text.Json.JsonSerializer.Serialize(new { id = $"mail-{i}", text = replies[i], metadata = new { format = "email" } }));
            lines.Add(System.Text.Json.JsonSerializer.Serialize(new { id = $"ticket-{i}", text = tickets[i], metadata = new { format = "csv" } }));
        }
        File.WriteAllLines(input, lines);
        CurationPipeline.Run(new CurationRunOptions
        {
            Inputs = [input],
            OutputDirectory = Path.Combine(_root, "kinds"),
            Recipe = new CurationRecipe { Language = new LanguageOptions { Enabled = false } },
            Threads = 1,
        });
        string html = File.ReadAllText(Path.Combine(_root, "kinds", "report.html"));
        var stats = CurationStatistics.Read(Path.Combine(_root, "kinds", "stats.json"));
        var shown = DataStat().Matches(html).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Equal(4, stats.Steps[0].Kinds["mail"].In);
        Assert.Equal(4, stats.Steps[0].Kinds["record"].In);
        Assert.Equal(6, stats.Steps[0].Kinds["web"].In);
        foreach (string kind in new[] { "mail", "record", "web" })
        {
            Assert.Contains($"data-kind=\"{kind}\"", html);
            foreach (var step in stats.Steps)
            {
                Assert.Equal(step.Kinds.GetValueOrDefault(kind)?.In ?? 0, shown[$"{step.Step}.{kind}.in"]);
                Assert.Equal(step.Kinds.GetValueOrDefault(kind)?.Kept ?? 0, shown[$"{step.Step}.{kind}.kept"]);
            }
        }
        // "Ok" is too short even for mail or a record; the others are kept as mail and records.
        var final = stats.Steps[^1];
        Assert.Equal(3, final.Kinds["mail"].Kept);
        Assert.Equal(3, final.Kinds["record"].Kept);
        var evidence = EvidenceDiv().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(stats.Steps.Sum(s => s.Examples.Values.Sum(e => e.Count)), evidence.Count);
        Assert.NotEmpty(evidence);
        Assert.All(evidence, e => Assert.False(string.IsNullOrWhiteSpace(e)));
    }

    [GeneratedRegex("<div class=\"evidence\">([^<]*)</div>")]
    private static partial Regex EvidenceDiv();

    [Fact]
    public void HighlightEscapesTheTextAndMarksTheEvidence()
    {
        Assert.Equal("a &lt;b&gt; <mark>x &amp; y</mark> c", HtmlReport.Highlight("a <b> x & y c", "x & y"));
        Assert.Equal("plain", HtmlReport.Highlight("plain", null));
    }

    private static (string Dom, string Log) RunChromium(string htmlPath)
    {
        string chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: run ./test.sh as root (or apt-get install -y chromium)");
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(htmlPath).AbsoluteUri })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 120 s");
        }
        return (dom, stderr.Result);
    }
}
