using Wren.Data.Curation.Pipeline;
using Wren.Data.Documents;

namespace Wren.Data.Tests.Curation;

/// <summary>The committed real-text sample (tests/TestData/curation/sample.jsonl) and helpers to run one step.</summary>
internal static class CurationSample
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "curation", "sample.jsonl");

    public static List<Document> Documents() => DocumentShardReader.Read(Path).ToList();

    public static Document Get(string id) => Documents().Single(d => d.Id == id);

    public static Document Make(string text, string id = "doc") => new() { Id = id, Text = text, Source = "test" };

    public static (StepResult Result, WorkingDocument Document, StepCounters Counters) Run(IDocumentStep step, string text, string kind = Wren.Data.Curation.Recipe.SourceKinds.Web)
    {
        var document = new WorkingDocument(Make(text)) { Kind = kind };
        var counters = new StepCounters();
        var result = step.Process(document, counters);
        return (result, document, counters);
    }

    /// <summary>Same decision: kept or dropped, by the same rule, with the same value, threshold and highlighted part; a drop has evidence.</summary>
    public static void AssertSameDecision(StepResult expected, StepResult actual)
    {
        Assert.Equal(expected.Dropped, actual.Dropped);
        Assert.Equal(expected.Rule, actual.Rule);
        Assert.Equal(expected.Value, actual.Value);
        Assert.Equal(expected.Threshold, actual.Threshold);
        Assert.Equal(expected.Highlight, actual.Highlight);
        Assert.True(!actual.Dropped || !string.IsNullOrEmpty(actual.Evidence), "a drop without evidence");
    }
}
