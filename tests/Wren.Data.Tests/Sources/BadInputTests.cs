using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class BadInputTests
{
    [Fact]
    public async Task Each_bad_sample_file_is_reported_with_path_and_reason_and_the_run_goes_on()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("bad"));
        Assert.Equal(3, errors.Count);
        Assert.Collection(errors,
            e => { Assert.EndsWith("bad/binary.txt", e.File); Assert.Contains("binary content", e.Error); },
            e => { Assert.EndsWith("bad/empty.txt", e.File); Assert.Contains("empty file", e.Error); },
            e => { Assert.EndsWith("bad/truncated.pdf", e.File); Assert.Contains("not a readable PDF", e.Error); });
        // The readable files in the same folder still come through.
        Assert.Equal(2, docs.Count);
        Assert.Contains(docs, d => d.Source.EndsWith("bad/latin1.txt", StringComparison.Ordinal));
        Assert.Contains(docs, d => d.Source.EndsWith("bad/utf16.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_named_directly_in_an_unknown_format_is_an_error_but_in_a_folder_it_is_skipped()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("sheet.xlsx", "PK not really"u8.ToArray());
        var (_, errors) = await SampleData.ReadAsync(path);
        Assert.Contains("unsupported format '.xlsx'", Assert.Single(errors).Error);

        var (_, folderErrors, sources) = await SampleData.ReadAsync([dir.Path]);
        Assert.Empty(folderErrors);
        Assert.Single(sources.Skipped);
    }

    [Fact]
    public void A_missing_source_is_a_user_error_naming_it()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => new DocumentSources(["/no/such/folder"], new SourceOptions()));
        Assert.Contains("/no/such/folder", e.Message);
    }
}
