using System.Text.Json;
using Wren.Data.Sources;
using Wren.Runtime;

namespace Wren.Data.Tests.Sources;

public sealed class SqliteSourceTests
{
    private static string Database => SampleData.PathOf("records", "support.db");

    [Fact]
    public async Task QueryRowsBecomeDocumentsWithFirstColumnAsIdAndTheRestInMetadata()
    {
        var options = new SourceOptions { Sql = "SELECT id, body, subject, created FROM tickets ORDER BY id", Connection = $"Data Source={Database}" };
        var (docs, errors, sources) = await SampleData.ReadAsync([], options);
        Assert.Empty(errors);
        Assert.Equal(150, docs.Count);
        Assert.Equal(Enumerable.Range(5001, 150), docs.Select(d => (int)d.Metadata["record_id"]!.GetValue<long>()));
        Assert.Equal(JsonValueKind.Number, docs[0].Metadata["record_id"]!.GetValueKind());
        Assert.NotNull(docs[0].Metadata["subject"]);
        Assert.Null(docs[0].Metadata["body"]);
        Assert.EndsWith("support.db#5001", docs[0].Source);
        Assert.StartsWith("sqlite:", docs[0].Source);
        Assert.Equal(150, docs.Select(d => d.Id).Distinct().Count());
        var stats = Assert.Single(sources.Statistics, s => s.Format == "sqlite");
        Assert.Equal(150, stats.Documents);
    }

    [Fact]
    public async Task TextColumnCanBeNamedAndABareFilePathWorksAsConnection()
    {
        var options = new SourceOptions { Sql = "SELECT id, created, subject FROM tickets WHERE id <= 5003", Connection = Database, TextColumn = "subject" };
        var (docs, errors, _) = await SampleData.ReadAsync([], options);
        Assert.Empty(errors);
        Assert.Equal(3, docs.Count);
        Assert.All(docs, d => Assert.NotNull(d.Metadata["created"]));
        Assert.All(docs, d => Assert.Null(d.Metadata["subject"]));
    }

    [Fact]
    public async Task ABadQueryIsReportedAsAnErrorOfThatSource()
    {
        var options = new SourceOptions { Sql = "SELECT id, body FROM no_such_table", Connection = $"Data Source={Database}" };
        var (docs, errors, _) = await SampleData.ReadAsync([], options);
        Assert.Empty(docs);
        var error = Assert.Single(errors);
        Assert.Contains("no_such_table", error.Error);
        Assert.StartsWith("sqlite:", error.File);
    }

    [Fact]
    public void AMissingDatabaseFileIsAUserErrorBeforeAnyWork()
    {
        var e = Assert.Throws<WrenException>(() => new DocumentSources([], new SourceOptions { Sql = "SELECT 1, 'x'", Connection = "Data Source=/no/such/file.db" }));
        Assert.Contains("/no/such/file.db", e.Message);
    }
}
