using Microsoft.Data.Sqlite;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

/// <summary>A SQLite file found in a source folder is read as --sql reads a query: one document per row of each table with text.</summary>
public sealed class SqliteFileReaderTests
{
    private static string Folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "wren-sqlite-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task EachTableWithTextBecomesOneDocumentPerRowWithTheOtherColumnsAsMetadata()
    {
        string folder = Folder();
        string database = Path.Combine(folder, "crm.db");
        Execute(database, """
            CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject VARCHAR(80), body TEXT, priority INTEGER);
            INSERT INTO tickets VALUES (7, 'Printer', 'The printer on floor 3 is jammed again.', 2), (9, 'VPN', 'VPN drops every ten minutes.', 1), (11, 'Empty', NULL, 3);
            CREATE TABLE notes (note CLOB);
            INSERT INTO notes VALUES ('Call the vendor about the toner.');
            CREATE TABLE readings (x INTEGER, y REAL);
            INSERT INTO readings VALUES (1, 2.5);
            """);
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "Support records.");

        var (docs, errors, sources) = await SampleData.ReadAsync([folder]);

        Assert.Empty(errors);
        Assert.Empty(sources.Skipped);
        var tickets = docs.Where(d => d.Source.Contains("!/tickets#", StringComparison.Ordinal)).OrderBy(d => d.Source, StringComparer.Ordinal).ToList();
        Assert.Equal(["The printer on floor 3 is jammed again.", "VPN drops every ten minutes."], tickets.Select(d => d.Text));
        Assert.EndsWith("crm.db!/tickets#7", tickets[0].Source, StringComparison.Ordinal);
        Assert.Equal("Printer", tickets[0].Metadata["subject"]!.GetValue<string>());
        Assert.Equal(2, tickets[0].Metadata["priority"]!.GetValue<long>());
        Assert.Equal("sqlite", tickets[0].Metadata["format"]!.GetValue<string>());
        var note = Assert.Single(docs, d => d.Source.Contains("!/notes#", StringComparison.Ordinal));
        Assert.Equal("Call the vendor about the toner.", note.Text);
        Assert.DoesNotContain(docs, d => d.Source.Contains("readings", StringComparison.Ordinal)); // no text column
        Assert.Equal(3, Assert.Single(sources.Statistics, s => s.Format == "sqlite").Documents);
        Assert.True(File.Exists(database));
    }

    [Fact]
    public async Task TheTextColumnOptionPicksTheColumnWhereATableHasIt()
    {
        string folder = Folder();
        Execute(Path.Combine(folder, "crm.sqlite"), """
            CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject TEXT, body TEXT);
            INSERT INTO tickets VALUES (1, 'Printer jammed', 'The printer on floor 3 is jammed again.');
            """);

        var (docs, errors, _) = await SampleData.ReadAsync([folder], new SourceOptions { Threads = 2, TextColumn = "subject" });

        Assert.Empty(errors);
        Assert.Equal("Printer jammed", Assert.Single(docs).Text);
    }

    [Fact]
    public async Task ADotDbFileThatIsNotSqliteIsAnErrorNamingTheFileAndTheRunGoesOn()
    {
        string folder = Folder();
        File.WriteAllBytes(Path.Combine(folder, "Thumbs.db"), [0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        File.WriteAllText(Path.Combine(folder, "a.txt"), "Still read.");

        var (docs, errors, _) = await SampleData.ReadAsync([folder]);

        Assert.Equal("Still read.", Assert.Single(docs).Text);
        var error = Assert.Single(errors);
        Assert.Contains("Thumbs.db", error.File, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSamplesSupportDatabaseIsReadFromItsFolder()
    {
        var (docs, errors, sources) = await SampleData.ReadAsync([SampleData.PathOf("records", "support.db")]);

        Assert.Empty(errors);
        Assert.Equal(150, docs.Count(d => d.Source.EndsWith("support.db!/tickets#" + d.Metadata["record_id"]!.ToString(), StringComparison.Ordinal)));
        Assert.DoesNotContain(sources.Skipped, s => s.EndsWith(".db", StringComparison.Ordinal));
    }
}
