using System.Text.Json.Nodes;
using nietras.SeparatedValues;
using Sv = nietras.SeparatedValues;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// CSV and TSV through Sep, streamed row by row: one document per row whose text column
/// (<see cref="SourceOptions.TextColumn"/>, or a column named text/body/content/...) is not empty; the
/// other columns go to metadata as strings. The header row is required. Location: <c>row:N</c> (1-based data row).
/// </summary>
internal sealed class DelimitedTextReader : IDocumentReader
{
    public string Format => "csv";

    public bool CanRead(string fileName) => fileName.EndsWith(".csv", StringComparison.Ordinal) || fileName.EndsWith(".tsv", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        // Decided over the bytes first, as for plain text: Sep would otherwise decode bad bytes to U+FFFD silently.
        System.Text.Encoding encoding = TextEncodingDetector.DetectForStreaming(file, context, out int bom);
        await using Stream stream = file.Open();
        stream.ReadExactly(new byte[bom]);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        bool tsv = file.FileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);
        // CSV: Sep detects the separator (comma, semicolon, tab, pipe) from the header line; TSV is always tabs.
        using Sv.SepReader reader = Sv.Sep.Reader(o => o with { Sep = tsv ? Sv.Sep.New('\t') : o.Sep, Unescape = true, DisableColCountCheck = true }).From(text);
        IReadOnlyList<string> names = reader.Header.ColNames;
        if (names.Count == 0)
        {
            throw new Wren.Runtime.WrenException("no header row");
        }
        int textIndex = RecordFields.ChooseText(names, context.Options.TextColumn, "--text-column");
        long rowNumber = 0;
        // Rows are ref structs, which may not live across an await: each becomes a document first.
        while (reader.MoveNext())
        {
            rowNumber++;
            Document? document = ToDocument(reader.Current, file, names, textIndex, rowNumber, tsv, context);
            if (document is not null)
            {
                await context.EmitAsync(document, Format, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Document? ToDocument(Sv.SepReader.Row row, SourceFile file, IReadOnlyList<string> names, int textIndex, long rowNumber, bool tsv, ReadContext context)
    {
        CheckQuotes(row, file, names.Count, context);
        if (row.ColCount <= textIndex)
        {
            context.ReportError($"{file.Name}:{row.LineNumberFrom}", Format, $"row {rowNumber} has {row.ColCount} column(s), the text column is number {textIndex + 1}");
            return null;
        }
        string text = TextEncodingDetector.NormalizeNewlines(row[textIndex].ToString()).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        var metadata = new JsonObject { ["format"] = tsv ? "tsv" : "csv", ["row"] = rowNumber };
        int count = Math.Min(row.ColCount, names.Count);
        for (int i = 0; i < count; i++)
        {
            if (i != textIndex && !metadata.ContainsKey(names[i]))
            {
                metadata[names[i]] = row[i].ToString();
            }
        }
        return new Document { Id = DocumentId.For(file.Name, $"row:{rowNumber}"), Text = text, Source = file.Name, Metadata = metadata };
    }

    /// <summary>
    /// Warns about a row that a stray quote made out of several lines: an odd number of quotes means one was
    /// never closed, so every line to the end of the file was read into this row; a row over several lines
    /// with another column count than the header is most likely rows merged by a quote closed lines later.
    /// Must run before any column is read: unescaping rewrites the row's characters in place.
    /// </summary>
    private static void CheckQuotes(Sv.SepReader.Row row, SourceFile file, int headerColumns, ReadContext context)
    {
        int lines = row.LineNumberToExcl - row.LineNumberFrom;
        if (lines <= 1)
        {
            return;
        }
        ReadOnlySpan<char> span = row.Span;
        if (span.Count('"') % 2 != 0)
        {
            // The open quote took the file's last line break too: that line holds nothing.
            int last = row.LineNumberToExcl - (span.Length > 0 && span[^1] is '\n' or '\r' ? 2 : 1);
            context.ReportWarning($"{file.Name}:{row.LineNumberFrom}",
                $"a quote opened on line {row.LineNumberFrom} is never closed: lines {row.LineNumberFrom}-{last} ({last - row.LineNumberFrom + 1} lines) were read as one row");
        }
        else if (row.ColCount != headerColumns)
        {
            context.ReportWarning($"{file.Name}:{row.LineNumberFrom}",
                $"lines {row.LineNumberFrom}-{row.LineNumberToExcl - 1} were read as one row of {row.ColCount} column(s) (the header has {headerColumns}): a stray quote may have merged rows");
        }
    }
}
