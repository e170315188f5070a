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

    public static (StepResult Result, WorkingDocument Document, StepCounters Counters) Run(IDocumentStep step, string text)
    {
        var document = new WorkingDocument(Make(text));
        var counters = new StepCounters();
        var result = step.Process(document, counters);
        return (result, document, counters);
    }
}
