using System.Text;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

public sealed class PlainTextReaderTests
{
    [Fact]
    public async Task SampleTextFileBecomesOneDocumentWithItsCurlyQuotesIntact()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("docs", "2021-joseph-r-biden.txt"));
        Assert.Empty(errors);
        var doc = Assert.Single(docs);
        Assert.EndsWith("docs/2021-joseph-r-biden.txt", doc.Source);
        Assert.Contains("\u2019", doc.Text); // a real right single quote, decoded as UTF-8
        Assert.DoesNotContain('\uFFFD', doc.Text);
        Assert.Equal("text", doc.Metadata["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task Latin1FileFallsBackToWindows1252WithCorrectAccents()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("bad", "latin1.txt"));
        Assert.Empty(errors);
        var doc = Assert.Single(docs);
        Assert.Contains("réussi", doc.Text);
        Assert.Contains("création", doc.Text);
        Assert.DoesNotContain('\uFFFD', doc.Text);
        Assert.DoesNotContain('\r', doc.Text); // CRLF normalized
    }

    [Fact]
    public async Task Utf16FileWithBomDecodesClean()
    {
        var (docs, errors) = await SampleData.ReadAsync(SampleData.PathOf("bad", "utf16.txt"));
        Assert.Empty(errors);
        var doc = Assert.Single(docs);
        Assert.DoesNotContain('\0', doc.Text);
        Assert.DoesNotContain('\uFEFF', doc.Text);
        Assert.Contains("2015", doc.Text);
        Assert.Contains(" the ", doc.Text);
    }

    [Fact]
    public void Utf16WithoutBomIsRecognizedByItsZeroBytes()
    {
        byte[] le = Encoding.Unicode.GetBytes("Hello, this is UTF-16 text without a mark.\n");
        Assert.Equal("Hello, this is UTF-16 text without a mark.\n", TextEncodingDetector.Decode(le));
        byte[] be = Encoding.BigEndianUnicode.GetBytes("Big endian text here.");
        Assert.Equal("Big endian text here.", TextEncodingDetector.Decode(be));
    }

    [Fact]
    public void BinaryContentIsRefusedRatherThanDecoded()
    {
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => TextEncodingDetector.Decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));
        Assert.Contains("binary", e.Message);
    }

    [Fact]
    public async Task AFileLargerThanTheDocumentLimitIsCutAtLineBreaksAndKeepsEveryCharacter()
    {
        using var dir = new TempDirectory();
        var text = new StringBuilder();
        for (int i = 0; i < 2000; i++)
        {
            text.Append("line ").Append(i).Append(" café\n");
        }
        // Windows-1252 bytes late in the file: the streaming path must find them before decoding.
        byte[] bytes = [.. Encoding.UTF8.GetBytes(text.ToString()), .. Encoding.Latin1.GetBytes("fin de l'été\n")];
        string path = dir.Write("big.log", bytes);
        var (docs, errors) = await SampleData.ReadAsync(path, new SourceOptions { MaxDocumentChars = 5000 });
        Assert.Empty(errors);
        Assert.True(docs.Count > 5, $"expected several parts, got {docs.Count}");
        Assert.All(docs, d => Assert.True(d.Text.Length <= 5000));
        Assert.All(docs[..^1], d => Assert.EndsWith("\n", d.Text)); // cut after a line break
        string joined = string.Concat(docs.Select(d => d.Text));
        // Not valid UTF-8 as a whole, so all of it is Windows-1252: "café" in UTF-8 bytes reads as "cafÃ©".
        Assert.Contains("fin de l'été", joined);
        Assert.DoesNotContain('\uFFFD', joined);
        Assert.Equal(docs.Count, docs.Select(d => d.Id).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, docs.Count), docs.Select(d => d.Metadata["part"]!.GetValue<int>()));
    }

    [Fact]
    public async Task TextThatIsNotUtf8IsReadAsLatin1WithAWarningNamingTheFileAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("notes.txt", HostileInputs.Latin1Text(badLine: 3));

        var (docs, errors, sources) = await SampleData.ReadAsync([path]);

        Assert.Empty(errors);
        Assert.Contains("Café au lait", Assert.Single(docs).Text);
        var warning = Assert.Single(sources.Warnings);
        Assert.True(warning.IsWarning);
        Assert.EndsWith("notes.txt:3", warning.File);
        Assert.Contains("not valid UTF-8", warning.Error);
        Assert.Contains("Windows-1252", warning.Error);
    }

    [Fact]
    public async Task ALargeFileReadInPartsWarnsAboutLatin1WithTheLineToo()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("big.txt", HostileInputs.Latin1Text(badLine: 500));

        var (docs, _, sources) = await SampleData.ReadAsync([path], new SourceOptions { Threads = 1, MaxDocumentChars = 4096 });

        Assert.True(docs.Count > 1);
        Assert.EndsWith("big.txt:500", Assert.Single(sources.Warnings).File);
    }
}
