using System.Reflection;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// Parquet through Parquet.Net, one row group at a time (memory is bounded by the largest row group, not
/// the file): one document per row whose text column (<see cref="SourceOptions.TextColumn"/>, or a column
/// named text/body/content/...) is not empty; the other flat columns go to metadata with their types kept.
/// Location: <c>row:N</c> (1-based over the whole file).
/// </summary>
internal sealed class ParquetFileReader : IDocumentReader
{
    private static readonly MethodInfo ReadValuesMethod = typeof(ParquetFileReader).GetMethod(nameof(ReadValuesAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ReadNullableValuesMethod = typeof(ParquetFileReader).GetMethod(nameof(ReadNullableValuesAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Rows refused in one row group: writers aim at 128 MB groups, a million or so rows of text.</summary>
    private const long MaxRowsPerGroup = 1 << 24;

    public string Format => "parquet";

    public bool CanRead(string fileName) => fileName.EndsWith(".parquet", StringComparison.Ordinal) || fileName.EndsWith(".pq", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        await using Stream stream = file.OpenSeekable();
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Wren.Runtime.WrenException($"not a readable Parquet file ({e.Message})");
        }
        await using (reader.ConfigureAwait(false))
        {
            // Only flat top-level columns: lists and structs have no single value per row.
            var fields = new List<DataField>();
            foreach (DataField field in reader.Schema.GetDataFields())
            {
                if (!field.IsArray && field.Path.Length == 1)
                {
                    fields.Add(field);
                }
            }
            var names = fields.ConvertAll(f => f.Name);
            int textIndex = RecordFields.ChooseText(names, context.Options.TextColumn, "--text-column");
            long rowNumber = 0;
            for (int group = 0; group < reader.RowGroupCount; group++)
            {
                using ParquetRowGroupReader rowGroup = reader.OpenRowGroupReader(group);
                // Every column of a row group is read at once into arrays of its row count: a count from a
                // corrupt or hostile footer is refused before those arrays are allocated.
                if (rowGroup.RowCount is < 0 or > MaxRowsPerGroup)
                {
                    throw new Wren.Runtime.WrenException($"row group {group} claims {rowGroup.RowCount:N0} rows; more than {MaxRowsPerGroup:N0} are refused as corrupt");
                }
                int rows = (int)rowGroup.RowCount;
                var columns = new object?[fields.Count][];
                for (int c = 0; c < fields.Count; c++)
                {
                    columns[c] = await ReadColumnAsync(rowGroup, fields[c], rows, cancellationToken).ConfigureAwait(false);
                }
                for (int r = 0; r < rows; r++)
                {
                    rowNumber++;
                    string? text = RecordFields.ToText(columns[textIndex][r]);
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        continue;
                    }
                    var metadata = new JsonObject { ["format"] = Format, ["row"] = rowNumber };
                    for (int c = 0; c < fields.Count; c++)
                    {
                        if (c != textIndex)
                        {
                            metadata[names[c]] = RecordFields.ToJson(columns[c][r]);
                        }
                    }
                    var document = new Document
                    {
                        Id = DocumentId.For(file.Name, $"row:{rowNumber}"),
                        Text = TextEncodingDetector.NormalizeNewlines(text).Trim(),
                        Source = file.Name,
                        Metadata = metadata,
                    };
                    await context.EmitAsync(document, Format, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(string))
        {
            var values = new string?[rows];
            await rowGroup.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return values;
        }
        if (field.ClrType == typeof(byte[]))
        {
            var values = new byte[]?[rows];
            await rowGroup.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return values;
        }
        // Value types: Parquet.Net's typed reads are generic, so the element type is bound once per column.
        MethodInfo method = (field.IsNullable ? ReadNullableValuesMethod : ReadValuesMethod).MakeGenericMethod(field.ClrType);
        return await ((Task<object?[]>)method.Invoke(null, [rowGroup, field, rows, cancellationToken])!).ConfigureAwait(false);
    }

    private static async Task<object?[]> ReadValuesAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[rows];
        await rowGroup.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        var boxed = new object?[rows];
        for (int i = 0; i < rows; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static async Task<object?[]> ReadNullableValuesAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        await rowGroup.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        var boxed = new object?[rows];
        for (int i = 0; i < rows; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
