using System.Text.Json;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

/// <summary>CSV, JSONL and Parquet: one document per record, the text field chosen, the rest in metadata.</summary>
public sealed class RecordReaderTests
{
    [Fact]
    public async Task CsvRowsBecomeDocumentsWithQuotedNewlinesKeptAndOtherColumnsInMetadata()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("records", "tickets.csv"), new SourceOptions { TextColumn = "body", Threads = 1 });
        Assert.Empty(errors);
        Assert.Equal(200, docs.Count);
        var first = docs[0];
        Assert.StartsWith("You can't get the file index from here either?\nhttp://apt.nixia.no/apt/files/", first.Text);
        Assert.Equal("1001", first.Metadata["id"]!.GetValue<string>());
        Assert.Equal("Matthias Saou", first.Metadata["customer"]!.GetValue<string>());
        Assert.Equal("Re: http://apt.nixia.no/", first.Metadata["subject"]!.GetValue<string>());
        Assert.Null(first.Metadata["body"]);
        Assert.Contains(docs, d => d.Text.Contains('"')); // doubled quotes unescaped
        Assert.Equal(200, docs.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public async Task CsvTextColumnDefaultsToAColumnNamedBody()
    {
        var (docs, _) = await SampleData.ReadAsync(SampleData.PathOf("records", "tickets.csv"));
        Assert.Equal(200, docs.Count);
        Assert.NotNull(docs[0].Metadata["subject"]);
    }

    [Fact]
    public async Task UnknownTextColumnIsReportedNamingTheColumnsThereAre()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("records", "tickets.csv"), new SourceOptions { TextColumn = "message_body" });
        Assert.Empty(docs);
        var error = Assert.Single(errors);
        Assert.Contains("message_body", error.Error);
        Assert.Contains("customer", error.Error);
    }

    [Fact]
    public async Task TsvIsSplitOnTabs()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("notes.tsv", "id\ttext\towner\n1\tfirst, with a comma\tana\n2\tsecond\tbo\n");
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(errors);
        Assert.Equal(["first, with a comma", "second"], docs.Select(d => d.Text));
        Assert.Equal("bo", docs[1].Metadata["owner"]!.GetValue<string>());
        Assert.Equal("tsv", docs[1].Metadata["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task JsonlRecordsUseTheTextFieldAndKeepTheOthers()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("records", "notes.jsonl"), new SourceOptions { TextField = "text" });
        Assert.Empty(errors);
        Assert.Equal(149, docs.Count);
        Assert.Equal("note-0001", docs[0].Metadata["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(docs[0].Metadata["author"]!.GetValue<string>()));
        Assert.Null(docs[0].Metadata["text"]);
    }

    [Fact]
    public async Task JsonlBadLineIsReportedWithItsLineNumberAndTheRestIsRead()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("x.jsonl", "{\"body\":\"one\"}\n{broken\n\n{\"body\":\"three\",\"n\":3}\n");
        var (docs, errors) = await SampleData.ReadAsync(path, new SourceOptions { TextField = "body" });
        Assert.Equal(["one", "three"], docs.Select(d => d.Text));
        Assert.Equal(3, docs[1].Metadata["n"]!.GetValue<int>()); // parsed JSON: any numeric type reads
        var error = Assert.Single(errors);
        Assert.EndsWith("x.jsonl:2", error.File);
    }

    [Fact]
    public async Task CompressedJsonlIsReadLikePlainJsonl()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "x.jsonl.gz");
        using (var file = File.Create(path))
        using (var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write("{\"text\":\"zipped line\"}\n"u8);
        }
        var (docs, errors) = await SampleData.ReadAsync(path);
        Assert.Empty(errors);
        Assert.Equal("zipped line", Assert.Single(docs).Text);
    }

    [Fact]
    public async Task ParquetIsReadAcrossRowGroupsWithTypedMetadata()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("records", "kb.parquet"), new SourceOptions { TextColumn = "text" });
        Assert.Empty(errors);
        Assert.Equal(120, docs.Count);
        Assert.Equal(JsonValueKind.Number, docs[0].Metadata["id"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, docs[0].Metadata["title"]!.GetValueKind());
        Assert.Equal(Enumerable.Range(1, 120), docs.Select(d => (int)d.Metadata["row"]!.GetValue<long>()));
        Assert.All(docs, d => Assert.True(d.Text.Length >= 300));
        Assert.Equal(120, docs.Select(d => d.Metadata["id"]!.GetValue<long>()).Distinct().Count());
    }

    [Fact]
    public async Task ACsvQuoteThatIsNeverClosedIsAWarningNamingTheLineAndTheRowsBeforeItAreKept()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("rows.csv", HostileInputs.UnterminatedQuoteCsv(rows: 10, badLine: 5));

        var (docs, errors, sources) = await SampleData.ReadAsync([path]);

        Assert.Empty(errors);
        Assert.Equal(4, docs.Count);
        Assert.Equal("row on line 4", docs[2].Text);
        var warning = Assert.Single(sources.Warnings);
        Assert.EndsWith("rows.csv:5", warning.File);
        Assert.Contains("a quote opened on line 5 is never closed: lines 5-11 (7 lines) were read as one row", warning.Error);
    }

    [Fact]
    public async Task ACsvThatIsNotUtf8IsReadAsWindows1252WithAWarningNamingTheLine()
    {
        using var dir = new TempDirectory();
        // Valid UTF-8 past Sep's first buffer, then a Latin-1 'é' (0xE9) on line 3,002: the first pass over the
        // bytes must find it, or the row would hold U+FFFD and nothing would say so.
        var bytes = new List<byte>(System.Text.Encoding.ASCII.GetBytes("id,body\n"));
        for (int i = 1; i <= 3000; i++) bytes.AddRange(System.Text.Encoding.ASCII.GetBytes($"{i},row number {i}\n"));
        bytes.AddRange(System.Text.Encoding.Latin1.GetBytes("3001,caf\u00e9 au lait\n3002,the end\n"));
        string path = Path.Combine(dir.Path, "latin1.csv");
        File.WriteAllBytes(path, [.. bytes]);

        var (docs, errors, sources) = await SampleData.ReadAsync([path]);

        Assert.Empty(errors);
        Assert.Equal(3002, docs.Count);
        Assert.Equal("caf\u00e9 au lait", docs[3000].Text);
        Assert.DoesNotContain(docs, d => d.Text.Contains('\uFFFD'));
        var warning = Assert.Single(sources.Warnings);
        Assert.EndsWith("latin1.csv:3002", warning.File);
        Assert.Contains("not valid UTF-8", warning.Error);
    }

    [Fact]
    public async Task AJsonlLineLongerThanADocumentMayBeIsReportedAndTheNextLineRead()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("long.jsonl", "{\"text\":\"" + new string('x', 5000) + "\"}\n{\"text\":\"short\"}\n");

        var (docs, errors) = await SampleData.ReadAsync(path, new SourceOptions { Threads = 1, MaxDocumentChars = 1000 });

        Assert.Equal("short", Assert.Single(docs).Text);
        var error = Assert.Single(errors);
        Assert.EndsWith("long.jsonl:1", error.File);
        Assert.Contains("longer than --max-document-chars", error.Error);
    }
}
