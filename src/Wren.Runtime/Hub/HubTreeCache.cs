using System.Text.Json;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// The tree listing of a commit kept on disk, in huggingface_hub's format (<c>_tree_cache.py</c> at
/// huggingface/huggingface_hub@ee0a4510): <c>FOLDER/trees/COMMIT.json</c> with <c>format_version</c> 1 and a
/// <c>files</c> map. A commit never changes, so the listing never goes stale; offline, it tells whether a
/// cached snapshot holds every file it should.
/// </summary>
internal static class HubTreeCache
{
    private const int FormatVersion = 1;

    public static string PathFor(string folder, string commit) => Path.Combine(folder, "trees", commit + ".json");

    /// <summary>The cached listing, or null when there is none or it is unreadable (then it is fetched again).</summary>
    public static IReadOnlyList<HubTreeEntry>? Read(string folder, string commit)
    {
        string path = PathFor(folder, commit);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            if (!root.TryGetProperty("format_version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion) return null;
            var entries = new List<HubTreeEntry>();
            foreach (JsonProperty file in root.GetProperty("files").EnumerateObject())
            {
                JsonElement info = file.Value;
                entries.Add(new HubTreeEntry(
                    file.Name,
                    info.GetProperty("size").GetInt64(),
                    info.GetProperty("blob_id").GetString()!,
                    info.TryGetProperty("lfs_sha256", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString() : null,
                    info.TryGetProperty("lfs_size", out var lfsSize) && lfsSize.ValueKind == JsonValueKind.Number ? lfsSize.GetInt64() : null,
                    info.TryGetProperty("xet_hash", out var xet) && xet.ValueKind == JsonValueKind.String ? xet.GetString() : null));
            }
            return entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Writes the listing atomically; a cache that cannot be written only costs a request next time.</summary>
    public static void Write(string folder, string commit, IEnumerable<HubTreeEntry> entries)
    {
        try
        {
            // Python's json.dump(indent=1), so the file reads the same whichever client wrote it.
            AtomicFile.Write(PathFor(folder, commit), stream =>
            {
                using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 1 });
                w.WriteStartObject();
                w.WriteNumber("format_version", FormatVersion);
                w.WriteStartObject("files");
                foreach (HubTreeEntry e in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
                {
                    w.WriteStartObject(e.Path);
                    w.WriteNumber("size", e.Size);
                    w.WriteString("blob_id", e.BlobId);
                    if (e.LfsSha256 is not null)
                    {
                        w.WriteString("lfs_sha256", e.LfsSha256);
                        if (e.LfsSize is long lfsSize) w.WriteNumber("lfs_size", lfsSize);
                        else w.WriteNull("lfs_size");
                    }
                    if (e.XetHash is not null) w.WriteString("xet_hash", e.XetHash);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
