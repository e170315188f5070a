using System.Text.Json;

namespace Wren.Runtime.Formats.Safetensors;

/// <summary>
/// The weights of a Hugging Face model folder: one <c>model.safetensors</c>, or the shards that
/// <c>model.safetensors.index.json</c> lists. Each tensor name maps to the file that holds it.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _byTensor;

    private SafetensorsCheckpoint(string folder, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> byTensor)
    {
        Folder = folder;
        _files = files;
        _byTensor = byTensor;
    }

    public string Folder { get; }

    /// <summary>The opened files (one, or each shard).</summary>
    public IReadOnlyList<SafetensorsFile> Files => _files;

    /// <summary>All tensor names.</summary>
    public IEnumerable<string> TensorNames => _byTensor.Keys;

    /// <summary>Opens the weights of a model folder (single file first, then the sharded index).</summary>
    public static SafetensorsCheckpoint Open(string folder)
    {
        string full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new WrenException($"model folder not found: {full}");
        string single = Path.Combine(full, SingleFileName);
        if (File.Exists(single))
        {
            var file = SafetensorsFile.Open(single);
            var map = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var name in file.Tensors.Keys) map[name] = file;
            return new SafetensorsCheckpoint(full, [file], map);
        }

        string index = Path.Combine(full, IndexFileName);
        if (File.Exists(index)) return OpenSharded(full, index);
        throw new WrenException($"{full}: no {SingleFileName} or {IndexFileName} (only safetensors weights are read; convert .bin checkpoints first)");
    }

    private static SafetensorsCheckpoint OpenSharded(string folder, string indexPath)
    {
        Dictionary<string, string> weightMap = new(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            if (!doc.RootElement.TryGetProperty("weight_map", out var wm) || wm.ValueKind != JsonValueKind.Object)
                throw new WrenException($"{indexPath}: missing 'weight_map'");
            foreach (var p in wm.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) throw new WrenException($"{indexPath}: weight_map entry '{p.Name}' is not a file name");
                weightMap[p.Name] = p.Value.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw new WrenException($"{indexPath}: not valid JSON ({e.Message})", e);
        }

        var files = new List<SafetensorsFile>();
        var byName = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        var byTensor = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (var (tensor, shard) in weightMap)
            {
                if (shard.Contains('/') || shard.Contains('\\') || shard.Contains(".."))
                    throw new WrenException($"{indexPath}: shard name '{shard}' for tensor '{tensor}' must be a file in the model folder");
                if (!byName.TryGetValue(shard, out var file))
                {
                    string shardPath = Path.Combine(folder, shard);
                    if (!File.Exists(shardPath)) throw new WrenException($"{indexPath}: shard '{shard}' (holding tensor '{tensor}') is missing");
                    file = SafetensorsFile.Open(shardPath);
                    files.Add(file);
                    byName[shard] = file;
                }

                if (!file.Tensors.ContainsKey(tensor))
                    throw new WrenException($"{file.Path}: tensor '{tensor}' is missing (the index lists it in this shard)");
                byTensor[tensor] = file;
            }

            foreach (var file in files)
            {
                foreach (var name in file.Tensors.Keys)
                {
                    if (!byTensor.ContainsKey(name))
                        throw new WrenException($"{file.Path}: tensor '{name}' is not listed in {IndexFileName}");
                }
            }

            return new SafetensorsCheckpoint(folder, files, byTensor);
        }
        catch
        {
            foreach (var f in files) f.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _byTensor.ContainsKey(name);

    /// <summary>The file that holds a tensor, or an error naming the tensor and the folder.</summary>
    public SafetensorsFile FileOf(string name) =>
        _byTensor.TryGetValue(name, out var file) ? file : throw new WrenException($"{Folder}: tensor '{name}' is missing from the weights");

    public SafetensorsTensorInfo GetInfo(string name) => FileOf(name).GetInfo(name);

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}
