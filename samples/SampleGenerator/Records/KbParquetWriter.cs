using Parquet;
using Parquet.Schema;

namespace Wren.Samples.Generator.Records;

/// <summary>Writes <c>kb.parquet</c> with Parquet.Net: columns id:int32, title:string, text:string, in two row groups so readers must handle more than one.</summary>
public static class KbParquetWriter
{
    public static async Task<byte[]> RenderAsync(IReadOnlyList<(int Id, string Title, string Text)> articles)
    {
        var id = new DataField<int>("id");
        var title = new DataField<string>("title");
        var text = new DataField<string>("text");
        var schema = new ParquetSchema(id, title, text);
        using var output = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(schema, output))
        {
            int half = articles.Count / 2;
            foreach (IEnumerable<(int Id, string Title, string Text)> group in new[] { articles.Take(half), articles.Skip(half) })
            {
                var rows = group.ToList();
                using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
                await rowGroup.WriteAsync(id, new ReadOnlyMemory<int>(rows.Select(r => r.Id).ToArray()));
                await rowGroup.WriteAsync(title, rows.Select(r => r.Title).ToArray());
                await rowGroup.WriteAsync(text, rows.Select(r => r.Text).ToArray());
            }
        }

        return output.ToArray();
    }
}
