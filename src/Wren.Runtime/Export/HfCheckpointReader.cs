using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Wren.Runtime.Quantization;

namespace Wren.Runtime.Export;

/// <summary>
/// The exporter's own minimal reader of a Hugging Face checkpoint (<c>model.safetensors</c>, or
/// shards listed in <c>model.safetensors.index.json</c>): tensor names, shapes, and F32/F16/BF16
/// data widened to float. It reads one tensor at a time with positioned reads, so exporting a model
/// never holds more than one tensor in memory.
/// </summary>
internal sealed class HfCheckpointReader : IDisposable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<SafeFileHandle> _handles = [];

    public IReadOnlyCollection<string> Names => _entries.Keys;

    private HfCheckpointReader() { }

    public static HfCheckpointReader Open(string modelDirectory)
    {
        var reader = new HfCheckpointReader();
        try
        {
            string single = Path.Combine(modelDirectory, "model.safetensors");
            string index = Path.Combine(modelDirectory, "model.safetensors.index.json");
            if (File.Exists(single))
            {
                reader.AddFile(single);
            }
            else if (File.Exists(index))
            {
                var shards = new SortedSet<string>(StringComparer.Ordinal);
                using (JsonDocument doc = ParseJson(index))
                {
                    if (!doc.RootElement.TryGetProperty("weight_map", out JsonElement map) || map.ValueKind != JsonValueKind.Object)
                        throw new WrenException($"{index}: has no \"weight_map\" object");
                    foreach (JsonProperty p in map.EnumerateObject()) shards.Add(p.Value.GetString() ?? throw new WrenException($"{index}: weight_map entry '{p.Name}' is not a file name"));
                }
                foreach (string shard in shards)
                {
                    string shardPath = Path.Combine(modelDirectory, shard);
                    if (!File.Exists(shardPath)) throw new WrenException($"{index}: lists the shard '{shard}', which is missing");
                    reader.AddFile(shardPath);
                }
            }
            else
            {
                throw new WrenException($"{modelDirectory}: has neither model.safetensors nor model.safetensors.index.json");
            }
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>Shape in PyTorch order (slowest dimension first).</summary>
    public long[] Shape(string name) => Get(name).Shape;

    /// <summary>The tensor's values as floats (exact for F32, F16 and BF16).</summary>
    public float[] ReadSingle(string name)
    {
        Entry e = Get(name);
        long count = 1;
        foreach (long d in e.Shape) count *= d;
        var result = new float[count];
        int elementSize = e.DType == "F32" ? 4 : 2;
        byte[] raw = new byte[count * elementSize];
        long read = 0;
        while (read < raw.Length)
        {
            int n = RandomAccess.Read(e.Handle, raw.AsSpan((int)read), e.Begin + read);
            if (n == 0) throw new WrenException($"{e.File}: is truncated inside tensor '{name}'");
            read += n;
        }
        switch (e.DType)
        {
            case "F32": MemoryMarshal.Cast<byte, float>(raw).CopyTo(result); break;
            case "F16": F16Format.Dequantize(raw, result); break;
            case "BF16": BF16Format.Dequantize(raw, result); break;
        }
        return result;
    }

    public void Dispose()
    {
        foreach (SafeFileHandle h in _handles) h.Dispose();
        _handles.Clear();
    }

    private Entry Get(string name) => _entries.TryGetValue(name, out Entry? e) ? e : throw new WrenException($"checkpoint has no tensor '{name}'");

    private void AddFile(string path)
    {
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        _handles.Add(handle);
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (fileLength < 8 || RandomAccess.Read(handle, lengthBytes, 0) != 8) throw new WrenException($"{path}: is truncated (no safetensors header)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > 100_000_000 || 8 + (long)headerLength > fileLength)
            throw new WrenException($"{path}: is corrupt or truncated (header length {headerLength}, file length {fileLength})");
        byte[] header = new byte[headerLength];
        if (RandomAccess.Read(handle, header, 8) != header.Length) throw new WrenException($"{path}: is truncated inside its header");
        long dataStart = 8 + (long)headerLength;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException ex) { throw new WrenException($"{path}: has a header that is not valid JSON ({ex.Message})"); }
        using (doc)
        {
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                string dtype = p.Value.GetProperty("dtype").GetString() ?? "";
                if (dtype is not ("F32" or "F16" or "BF16"))
                    throw new WrenException($"{path}: tensor '{p.Name}' is {dtype}; the exporter reads F32, F16 and BF16");
                long[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                JsonElement offsets = p.Value.GetProperty("data_offsets");
                long begin = offsets[0].GetInt64(), end = offsets[1].GetInt64();
                long count = 1;
                foreach (long d in shape) count *= d;
                int elementSize = dtype == "F32" ? 4 : 2;
                if (end - begin != count * elementSize)
                    throw new WrenException($"{path}: tensor '{p.Name}' {dtype} [{string.Join(", ", shape)}] spans {end - begin} bytes; {count * elementSize} expected");
                if (dataStart + end > fileLength)
                    throw new WrenException($"{path}: is truncated: tensor '{p.Name}' ends at byte {dataStart + end}, the file has {fileLength}");
                if (!_entries.TryAdd(p.Name, new Entry(path, handle, dtype, shape, dataStart + begin)))
                    throw new WrenException($"{path}: tensor '{p.Name}' is also in another shard");
            }
        }
    }

    internal static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new WrenException($"{path}: is not valid JSON ({ex.Message})");
        }
    }

    private sealed record Entry(string File, SafeFileHandle Handle, string DType, long[] Shape, long Begin);
}
