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
        await using Stream stream = file.Open();
        bool tsv = file.FileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);
        // CSV: Sep detects the separator (comma, semicolon, tab, pipe) from the header line; TSV is always tabs.
        using Sv.SepReader reader = Sv.Sep.Reader(o => o with { Sep = tsv ? Sv.Sep.New('\t') : o.Sep, Unescape = true, DisableColCountCheck = true }).From(stream);
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
}
