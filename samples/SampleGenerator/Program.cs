using System.Globalization;
using System.Text;
using Wren.Samples.Generator;
using Wren.Samples.Generator.Bad;
using Wren.Samples.Generator.Corpus;
using Wren.Samples.Generator.Docs;
using Wren.Samples.Generator.Mail;
using Wren.Samples.Generator.Records;

// Builds samples/acme from the SOTU and SpamAssassin corpora (fetched by scripts/get-corpora.sh).
// Every choice is fixed (lists, seeds, timestamps), so running it again gives the same bytes.
//
//   dotnet run --project samples/SampleGenerator -- --corpora .cache/corpora --out samples/acme

string corpora = Option("--corpora") ?? Environment.GetEnvironmentVariable("WREN_CORPORA") ?? Path.Combine(".cache", "corpora");
string outDir = Option("--out") ?? Path.Combine("samples", "acme");
var fixedTime = new DateTime(2003, 3, 10, 9, 0, 0, DateTimeKind.Utc);
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

var sotu = new SotuCorpus(Path.Combine(corpora, "sotu", "data"));
var spam = new SpamAssassinCorpus(Path.Combine(corpora, "spam-assassin", "data"));

string[] parts = ["mail", "docs", "records", "archives", "bad"];
foreach (string part in parts)
{
    string path = Path.Combine(outDir, part);
    if (Directory.Exists(path))
    {
        Directory.Delete(path, recursive: true);
    }

    Directory.CreateDirectory(path);
}

string Out(params string[] path) => Path.Combine([outDir, .. path]);
SpeechSections Sections(string stem) => SpeechSections.From(sotu.Load(stem));

// docs/ -------------------------------------------------------------------------------------
string[] txtStems = ["1790_george_washington_n", "1801_thomas_jefferson_dr", "1916_woodrow_wilson_d", "1964_lyndon_b_johnson_d", "2021_joseph_r_biden_d"];
string[] mdStems = ["1800_john_adams_f", "1882_chester_a_arthur_r", "1937_franklin_d_roosevelt_d", "1973_richard_nixon_r", "1987_ronald_reagan_r"];
string[] htmlStems = ["1799_john_adams_f", "1809_james_madison_dr", "1917_woodrow_wilson_d", "1941_franklin_d_roosevelt_d", "1980_jimmy_carter_d", "2002_george_w_bush_r"];
string[] docxStems = ["1934_franklin_d_roosevelt_d", "1796_george_washington_n", "1944_franklin_d_roosevelt_d", "1951_harry_s_truman_d"];
string[] pdfStems = ["1862_abraham_lincoln_r", "1932_herbert_hoover_r", "1942_franklin_d_roosevelt_d", "1986_ronald_reagan_r"];

var attachments = new Dictionary<string, (string Name, byte[] Bytes, Speech Speech)>();
for (int i = 0; i < txtStems.Length; i++)
{
    SpeechSections doc = Sections(txtStems[i]);
    string name = SampleNames.FromSpeechStem(txtStems[i]) + ".txt";
    byte[] bytes = utf8.GetBytes(TextSpeechWriter.Render(doc, hardWrap: i % 2 == 1));
    File.WriteAllBytes(Out("docs", name), bytes);
    attachments.TryAdd("txt", (name, bytes, doc.Speech));
}

foreach (string stem in mdStems)
{
    File.WriteAllText(Out("docs", SampleNames.FromSpeechStem(stem) + ".md"), MarkdownSpeechWriter.Render(Sections(stem)), utf8);
}

for (int i = 0; i < htmlStems.Length; i++)
{
    File.WriteAllText(Out("docs", SampleNames.FromSpeechStem(htmlStems[i]) + ".html"), HtmlIntranetPageWriter.Render(Sections(htmlStems[i]), i), utf8);
}

foreach (string stem in docxStems)
{
    SpeechSections doc = Sections(stem);
    string name = SampleNames.FromSpeechStem(stem) + ".docx";
    byte[] bytes = DocxSpeechWriter.Render(doc, fixedTime);
    File.WriteAllBytes(Out("docs", name), bytes);
    attachments.TryAdd("docx", (name, bytes, doc.Speech));
}

foreach (string stem in pdfStems)
{
    SpeechSections doc = Sections(stem);
    string name = SampleNames.FromSpeechStem(stem) + ".pdf";
    byte[] bytes = PdfSpeechWriter.Render(doc);
    File.WriteAllBytes(Out("docs", name), bytes);
    attachments.TryAdd("pdf", (name, bytes, doc.Speech));
}

// mail/ -------------------------------------------------------------------------------------
var taken = new HashSet<string>(StringComparer.Ordinal);
BuiltMessage[] built =
[
    AttachmentMessageBuilder.WithDocx(attachments["docx"].Name, attachments["docx"].Bytes, attachments["docx"].Speech),
    AttachmentMessageBuilder.WithPdf(attachments["pdf"].Name, attachments["pdf"].Bytes, attachments["pdf"].Speech),
    AttachmentMessageBuilder.HtmlOnlyWithText(attachments["txt"].Name, attachments["txt"].Bytes, attachments["txt"].Speech),
];
BuiltMessage fromLines = AttachmentMessageBuilder.WithFromLines(sotu.Load("1794_george_washington_n"));
MailSampleSummary mail = new MailSampleWriter(spam, Out("mail")).Write(built, fromLines, taken);

// records/ ----------------------------------------------------------------------------------
List<MailExcerpt> Excerpts(string group, int count, int seed, int minLength) =>
    MailSelection.Draw(spam, group, count, seed, taken, m => MailExcerptReader.Read(m) is { } e && e.Body.Length >= minLength)
        .Select(m => MailExcerptReader.Read(m)!)
        .OrderBy(e => e.Date)
        .ThenBy(e => e.Subject, StringComparer.Ordinal)
        .ToList();

List<MailExcerpt> csvTickets = Excerpts("easy-ham-1", 200, 4001, MailExcerptReader.MinLength);
File.WriteAllText(Out("records", "tickets.csv"), TicketsCsvWriter.Render(csvTickets), utf8);

List<MailExcerpt> dbTickets = Excerpts("easy-ham-2", 150, 4002, MailExcerptReader.MinLength);
SupportDbWriter.Write(Out("records", "support.db"), dbTickets);

List<MailExcerpt> kbSource = Excerpts("easy-ham-1", 120, 4003, 300);
var kb = kbSource.Select((e, i) => (Id: i + 1, Title: e.Subject, Text: e.Body)).ToList();
File.WriteAllBytes(Out("records", "kb.parquet"), await KbParquetWriter.RenderAsync(kb));

string[] noteStems = ["1810_james_madison_dr", "1920_woodrow_wilson_d", "1936_franklin_d_roosevelt_d", "1949_harry_s_truman_d", "1975_gerald_r_ford_r", "1991_george_bush_r"];
var notes = new List<(string Id, string Text, string Author)>();
foreach (string stem in noteStems)
{
    SpeechSections doc = Sections(stem);
    notes.AddRange(doc.AllParagraphs.Take(30).Select(p => (string.Empty, p, doc.Speech.President)));
}

notes = notes.Select((n, i) => ($"note-{i + 1:D4}", n.Text, n.Author)).ToList();
File.WriteAllBytes(Out("records", "notes.jsonl"), NotesJsonlWriter.Render(notes));

// archives/ ---------------------------------------------------------------------------------
(string, byte[]) Rendered(string folder, string stem, string extension, int layout = 0)
{
    SpeechSections doc = Sections(stem);
    string text = extension switch
    {
        ".md" => MarkdownSpeechWriter.Render(doc),
        ".html" => HtmlIntranetPageWriter.Render(doc, layout),
        _ => TextSpeechWriter.Render(doc, hardWrap: true),
    };
    return ($"{folder}{SampleNames.FromSpeechStem(stem)}{extension}", utf8.GetBytes(text));
}

File.WriteAllBytes(Out("archives", "docs.zip"), ArchiveWriter.Zip(
[
    Rendered("library/", "1791_george_washington_n", ".txt"),
    Rendered("library/", "1802_thomas_jefferson_dr", ".md"),
    Rendered("intranet/", "1913_woodrow_wilson_d", ".html", 1),
], fixedTime));
File.WriteAllBytes(Out("archives", "docs.tar.gz"), ArchiveWriter.TarGz(
[
    Rendered("", "1792_george_washington_n", ".txt"),
    Rendered("notes/", "1935_franklin_d_roosevelt_d", ".md"),
    Rendered("intranet/", "1972_richard_nixon_r", ".html", 4),
    Rendered("intranet/", "1990_george_bush_r", ".html", 5),
], fixedTime));

// bad/ --------------------------------------------------------------------------------------
File.WriteAllBytes(Out("bad", "truncated.pdf"), BadFileWriter.Truncated(PdfSpeechWriter.Render(Sections("1795_george_washington_n"))));
File.WriteAllBytes(Out("bad", "empty.txt"), []);
File.WriteAllBytes(Out("bad", "binary.txt"), BadFileWriter.BinaryPngFragment());
File.WriteAllBytes(Out("bad", "latin1.txt"), BadFileWriter.Latin1(spam.Load("spam-1", spam.List("spam-1").Single(n => n.StartsWith("00257.", StringComparison.Ordinal))), 3500));
SpeechSections obama = Sections("2015_barack_obama_d");
File.WriteAllBytes(Out("bad", "utf16.txt"), BadFileWriter.Utf16(obama.Speech.Title, obama.AllParagraphs.Take(8)));

// summary -----------------------------------------------------------------------------------
Console.WriteLine($"mail: {mail.Ham} ham + {mail.Spam} spam .eml from the corpus, {mail.Duplicates} exact duplicates, {mail.CrLfFiles} with CRLF, {mail.BuiltMessages} built with attachments; archive.mbox: {mail.MboxMessages} messages, {mail.MboxEscapedLines} escaped From lines");
Console.WriteLine($"records: tickets.csv {csvTickets.Count} rows, support.db {dbTickets.Count} rows, kb.parquet {kb.Count} rows, notes.jsonl {notes.Count} lines");
long total = 0;
foreach (string part in parts)
{
    string[] files = Directory.GetFiles(Out(part), "*", SearchOption.AllDirectories);
    long bytes = files.Sum(f => new FileInfo(f).Length);
    total += bytes;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{part,-9} {files.Length,4} files {bytes / 1024.0,9:F1} KiB"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total     {total / (1024.0 * 1024.0),9:F2} MiB"));
return 0;

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
