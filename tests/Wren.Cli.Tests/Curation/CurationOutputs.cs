using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Documents;

namespace Wren.Cli.Tests.Curation;

/// <summary>Inputs and comparisons shared by the curation executor tests.</summary>
internal static class CurationOutputs
{
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "TestData", "curation", "sample.jsonl");

    /// <summary>
    /// A recipe that keeps the tests quick and still runs every stage: language ID off (loading its
    /// models is slow), MinHash as 4 bands of 8 rows (4 bucket tasks instead of 14).
    /// </summary>
    public static string WriteFastRecipe(string directory, string more = "")
    {
        string path = Path.Combine(directory, "fast.yaml");
        File.WriteAllText(path, "language:\n  enabled: false\ndedup:\n  bands: 4\n  rows: 8\n" + more);
        return path;
    }

    /// <summary>The sample, plus an exact copy of one speech so that dedup has a cluster to find.</summary>
    public static string WriteSampleWithCopy(string directory, int copies = 1)
    {
        string path = Path.Combine(directory, "input.jsonl");
        using var stream = File.Create(path);
        var documents = DocumentShardReader.Read(Sample).ToList();
        var speech = documents.First(d => d.Id.StartsWith("sotu-", StringComparison.Ordinal));
        for (int c = 0; c < copies; c++)
        {
            foreach (var d in documents)
            {
                Write(stream, copies == 1 ? d : d with { Id = $"{d.Id}#{c}", Text = $"{d.Text}\n\nCopy {c}." });
            }
        }
        Write(stream, speech with { Id = "exact-copy", Metadata = new JsonObject() });
        return path;
    }

    private static void Write(Stream stream, Document document)
    {
        using (var writer = new Utf8JsonWriter(stream))
        {
            document.WriteTo(writer);
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Asserts that two runs wrote the same curated and rejected shards, byte for byte.</summary>
    public static void AssertSameOutputs(string expectedRun, string actualRun)
    {
        foreach (string folder in new[] { "curated", "rejected" })
        {
            var expected = Directory.GetFiles(Path.Combine(expectedRun, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var actual = Directory.GetFiles(Path.Combine(actualRun, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
            foreach (string name in expected!)
            {
                Assert.True(File.ReadAllBytes(Path.Combine(expectedRun, folder, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualRun, folder, name!))),
                    $"{folder}/{name} differs between {expectedRun} and {actualRun}");
            }
        }
    }

    /// <summary>Documents in and out as stats.json counts them.</summary>
    public static (long In, long Out) Counts(string run)
    {
        var stats = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "stats.json")))!;
        return (stats["input"]!["documents"]!.GetValue<long>(), stats["output"]!["documents"]!.GetValue<long>());
    }
}
