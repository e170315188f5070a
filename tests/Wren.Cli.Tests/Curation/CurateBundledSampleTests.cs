using System.Text.Json.Nodes;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Documents;

namespace Wren.Cli.Tests.Curation;

/// <summary>
/// <c>wren curate samples/acme</c> with the default recipe, read as a user reads it: every speech in docs/
/// and the archives kept whole, every drop with its evidence, and each kind of source counted.
/// </summary>
public sealed class CurateBundledSampleTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-curate-acme-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static string Acme => AcmeSample.Folder;

    private static List<JsonObject> Read(string folder) =>
        DocumentShardReader.ShardFiles(folder).SelectMany(f => JsonlReader.ReadLines(f).Select(l => JsonNode.Parse(l.Line.Span)!.AsObject())).ToList();

    [Fact]
    public async Task TheDefaultRecipeKeepsTheSpeechesAndExplainsEveryDrop()
    {
        string output = Path.Combine(_root, "out");
        Assert.Equal(0, await WrenCli.Run(["curate", Acme, "--out", output, "-j", "2"]));
        var rejected = Read(Path.Combine(output, "rejected"));
        var curated = Read(Path.Combine(output, "curated"));

        // Every drop says why.
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.False(string.IsNullOrWhiteSpace(r["evidence"]?.GetValue<string>()), $"{r["id"]}: {r["step"]}/{r["rule"]} without evidence"));

        // No speech of docs/ or the archives is dropped by a quality or repetition rule (copies of one another
        // aside): before, all 6 HTML and 5 DOCX speeches of docs/ were dropped at dup_line_frac.
        var droppedSpeeches = rejected.Where(r => r["source"]!.GetValue<string>() is var s && (s.Contains("/docs/", StringComparison.Ordinal) || s.Contains("/archives/", StringComparison.Ordinal))
            && r["step"]!.GetValue<string>() != "dedup").ToList();
        Assert.True(droppedSpeeches.Count == 0, string.Join("\n", droppedSpeeches.Select(r => $"{r["source"]}: {r["rule"]}: {r["evidence"]}")));
        var keptSources = curated.Select(c => c["source"]!.GetValue<string>()).ToHashSet();
        foreach (string file in Directory.GetFiles(Path.Combine(Acme, "docs")))
        {
            Assert.Contains(Path.Combine(Acme, "docs", Path.GetFileName(file)), keptSources);
        }
        // Hard-wrapped text keeps its lines: as a document, C4 removes none.
        var washington = curated.Single(c => c["source"]!.GetValue<string>().EndsWith("docs/1801-thomas-jefferson.txt", StringComparison.Ordinal));
        Assert.True(washington["text"]!.GetValue<string>().Count(ch => ch == '\n') > 200);

        // Short mail and records are kept: C4's sentence minimum no longer applies to them.
        var stats = CurationStatistics.Read(Path.Combine(output, "stats.json"));
        var c4 = stats.Steps.Single(s => s.Step == "c4");
        Assert.False(c4.Dropped.ContainsKey("too_few_sentences"), "too_few_sentences dropped something");
        foreach (string kind in new[] { "document", "mail", "record" })
        {
            Assert.True(stats.Steps[0].Kinds[kind].In > 0, kind);
            Assert.True(stats.Steps[^1].Kinds[kind].Kept > 0, kind);
        }
        Assert.True(stats.Steps[^1].Kinds["mail"].Kept > 300);
        Assert.True(stats.Steps[^1].Kinds["record"].Kept > 400);
        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("data-kind=\"mail\"", report);

        // --explain shows a repetition drop's repeated parts with their counts.
        var repeated = rejected.First(r => r["step"]!.GetValue<string>() == "gopher_repetition");
        var explain = await WrenCli.Capture("curate", Acme, "--explain", repeated["id"]!.GetValue<string>());
        Assert.Equal(0, explain.ExitCode);
        string evidence = repeated["evidence"]!.GetValue<string>();
        Assert.Contains("× ", evidence);
        Assert.Contains("Dropped by gopher_repetition/" + repeated["rule"]!.GetValue<string>(), explain.Out);
        Assert.Contains(evidence[..40], explain.Out.ReplaceLineEndings(" "));
    }
}
