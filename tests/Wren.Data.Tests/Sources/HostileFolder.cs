using System.Text;

namespace Wren.Data.Tests.Sources;

/// <summary>
/// A folder holding every hostile input of issue 17 beside good documents (the sample's speeches), and an
/// "outside" folder next to it that links point into. Built on the spot; <see cref="Expected"/> lists what an
/// ingest of it must report. Shared with bench/Wren.Bench.Hostile (full size) and the end-to-end test.
/// </summary>
internal static class HostileFolder
{
    /// <summary>Text only the file outside the source holds: it must never reach a document.</summary>
    public const string OutsideSecret = "OUTSIDE-SECRET-7f3a9c";

    /// <summary>The bad inputs, by path inside the folder (an archive's by its start), and words their error must hold.</summary>
    public static readonly (string File, string Reason)[] Expected =
    [
        ("hostile/nested-sdt.docx", "levels deep"),
        ("hostile/huge-xml.docx", "times"),
        ("hostile/zip-bomb.zip", "times"),
        ("hostile/letters.txt.gz", "times"),
        ("hostile/nested-zips.zip", "nested"),
        ("links/etc", "outside the source"),
        ("links/secret.txt", "outside the source"),
        ("links/dangling.txt", "leads nowhere"),
    ];

    /// <summary>Warnings an ingest must give, by the start of the file field.</summary>
    public static readonly (string File, string Reason)[] ExpectedWarnings =
    [
        ("hostile/nested-div.html", "tags past that depth were dropped"),
        ("encoding/latin1.txt:3", "not valid UTF-8"),
        ("csv/unterminated.csv:5", "never closed"),
    ];

    /// <summary>Builds the folder at <paramref name="folder"/> (and <c>folder + "-outside"</c>).</summary>
    /// <param name="full">The sizes of the issue (50,000 content controls, 200,000 divs, 340 MB of XML); else
    /// smaller ones that hit the same limits, for tests.</param>
    public static void Build(string folder, string repositoryRoot, bool full = true)
    {
        Directory.CreateDirectory(folder);
        string good = Path.Combine(folder, "good");
        Directory.CreateDirectory(good);
        foreach (string speech in Directory.GetFiles(Path.Combine(repositoryRoot, "samples", "acme", "docs")))
        {
            File.Copy(speech, Path.Combine(good, Path.GetFileName(speech)));
        }

        string hostile = Path.Combine(folder, "hostile");
        Directory.CreateDirectory(hostile);
        File.WriteAllBytes(Path.Combine(hostile, "nested-sdt.docx"), HostileInputs.NestedSdtDocx(50_000));
        File.WriteAllBytes(Path.Combine(hostile, "huge-xml.docx"), HostileInputs.HugeXmlDocx(full ? 340L << 20 : 48L << 20));
        File.WriteAllText(Path.Combine(hostile, "nested-div.html"), HostileInputs.NestedDivHtml(full ? 200_000 : 50_000));
        File.WriteAllBytes(Path.Combine(hostile, "zip-bomb.zip"), HostileInputs.NestedZipBomb(levels: 3, width: 16, entryBytes: 4 << 20));
        File.WriteAllBytes(Path.Combine(hostile, "letters.txt.gz"), HostileInputs.GzipOfLetters(full ? 1 << 30 : 64 << 20));
        File.WriteAllBytes(Path.Combine(hostile, "nested-zips.zip"), HostileInputs.NestedZips(8, "Eight archives deep."));

        string encoding = Path.Combine(folder, "encoding");
        Directory.CreateDirectory(encoding);
        File.WriteAllBytes(Path.Combine(encoding, "latin1.txt"), HostileInputs.Latin1Text(badLine: 3));
        string csv = Path.Combine(folder, "csv");
        Directory.CreateDirectory(csv);
        File.WriteAllText(Path.Combine(csv, "unterminated.csv"), HostileInputs.UnterminatedQuoteCsv(rows: 10, badLine: 5));

        // Links: loops inside the folder, and ways out of it.
        string outside = folder.TrimEnd('/') + "-outside";
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), OutsideSecret + " must not be read.\n");
        string loops = Path.Combine(folder, "loopdir");
        Directory.CreateDirectory(Path.Combine(loops, "sub"));
        File.WriteAllText(Path.Combine(loops, "note.txt"), "A note in the folder with link loops.\n", Encoding.UTF8);
        Directory.CreateSymbolicLink(Path.Combine(loops, "sub", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(loops, "self"), "../loopdir");
        string links = Path.Combine(folder, "links");
        Directory.CreateDirectory(links);
        Directory.CreateSymbolicLink(Path.Combine(links, "etc"), "/etc");
        File.CreateSymbolicLink(Path.Combine(links, "secret.txt"), Path.Combine(outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(links, "dangling.txt"), Path.Combine(folder, "no-such-file.txt"));
        File.CreateSymbolicLink(Path.Combine(links, "same-note.txt"), "../loopdir/note.txt");
    }

    /// <summary>Deletes the folder and its outside twin.</summary>
    public static void Delete(string folder)
    {
        foreach (string dir in new[] { folder, folder.TrimEnd('/') + "-outside" })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
