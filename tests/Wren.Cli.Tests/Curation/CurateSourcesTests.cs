using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Wren.Data.Documents;

namespace Wren.Cli.Tests.Curation;

/// <summary><c>wren curate</c> reads what <c>wren ingest</c> reads, as well as a documents/ folder.</summary>
public sealed class CurateSourcesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-curate-sources-" + Guid.NewGuid().ToString("N"));

    public CurateSourcesTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task RawFilesAndAnArchiveCurateToTheSameOutputAsTheirIngestedDocumentsFolder()
    {
        var documents = DocumentShardReader.Read(CurationOutputs.Sample).ToList();
        string raw = Path.Combine(_root, "raw");
        Directory.CreateDirectory(Path.Combine(raw, "notes"));
        for (int i = 0; i < 12; i++)
        {
            File.WriteAllText(Path.Combine(raw, "notes", $"note-{i:D2}.txt"), documents[i].Text);
        }
        using (var zip = ZipFile.Open(Path.Combine(raw, "archive.zip"), ZipArchiveMode.Create))
        {
            for (int i = 12; i < documents.Count; i++)
            {
                using var writer = new StreamWriter(zip.CreateEntry($"mail/{i:D2}.txt").Open());
                writer.Write(documents[i].Text);
            }
        }
        string recipe = CurationOutputs.WriteFastRecipe(_root);
        string ingested = Path.Combine(_root, "ingested");
        Assert.Equal(0, await WrenCli.Run(["ingest", raw, "--out", ingested]));
        string fromDocuments = Path.Combine(_root, "from-documents");
        string fromRaw = Path.Combine(_root, "from-raw");
        Assert.Equal(0, await WrenCli.Run(["curate", Path.Combine(ingested, "documents"), "--out", fromDocuments, "--config", recipe, "--no-report"]));
        Assert.Equal(0, await WrenCli.Run(["curate", raw, "--out", fromRaw, "--config", recipe, "--no-report"]));

        CurationOutputs.AssertSameOutputs(fromDocuments, fromRaw);
        Assert.Equal(documents.Count, CurationOutputs.Counts(fromRaw).In);
        // The documents/ folder was read in place; the raw sources were ingested into the run's input shards.
        Assert.False(Directory.Exists(Path.Combine(fromDocuments, "work", "input")));
        Assert.Single(Directory.GetFiles(Path.Combine(fromRaw, "work", "input"), "part-*.jsonl.zst"));
    }

    [Fact]
    public async Task TheRowsOfASqlQueryAreCuratedLikeIngestedDocuments()
    {
        var speeches = DocumentShardReader.Read(CurationOutputs.Sample).Where(d => d.Id.StartsWith("sotu-", StringComparison.Ordinal)).ToList();
        string database = Path.Combine(_root, "speeches.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE speeches (id TEXT PRIMARY KEY, body TEXT NOT NULL, year INTEGER)";
            create.ExecuteNonQuery();
            foreach (var speech in speeches)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO speeches VALUES ($id, $body, $year)";
                insert.Parameters.AddWithValue("$id", speech.Id);
                insert.Parameters.AddWithValue("$body", speech.Text);
                insert.Parameters.AddWithValue("$year", int.Parse(speech.Id.AsSpan(5, 4), System.Globalization.CultureInfo.InvariantCulture));
                insert.ExecuteNonQuery();
            }
        }
        string output = Path.Combine(_root, "out");
        Assert.Equal(0, await WrenCli.Run(["curate", "--sql", "SELECT id, body, year FROM speeches ORDER BY id", "--connection", database,
            "--out", output, "--config", CurationOutputs.WriteFastRecipe(_root), "--no-report", "--tasks", "2"]));

        Assert.Equal((speeches.Count, speeches.Count), CurationOutputs.Counts(output));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(output, "work", "input"), "part-*.jsonl.zst").Length);
        var curated = DocumentShardReader.Read(Path.Combine(output, "curated")).ToList();
        Assert.Equal(speeches.Count, curated.Count);
        Assert.All(curated, d => Assert.NotNull(d.Metadata["year"]));
    }
}
