using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Formats.Safetensors;

/// <summary>
/// Collects tensors and writes one safetensors file atomically (temp file, then rename), readable
/// by the Python <c>safetensors</c> package, transformers and PEFT.
/// </summary>
/// <example><code>
/// var writer = new SafetensorsWriter();
/// writer.Add("model.norm.weight", normWeights, [64]);
/// writer.Save("out/model.safetensors", new Dictionary&lt;string, string&gt; { ["format"] = "pt" });
/// </code></example>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Number of tensors added so far.</summary>
    public int Count => _tensors.Count;

    /// <summary>Adds a float32 tensor (its bytes are copied now, so the array may change afterwards).</summary>
    public void Add(string name, float[] data, params long[] shape) =>
        Add(name, SafetensorsDType.F32, shape, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    /// <summary>Adds a tensor from raw little-endian bytes.</summary>
    public void Add(string name, SafetensorsDType dtype, long[] shape, ReadOnlyMemory<byte> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved", nameof(name));
        long count = 1;
        foreach (long d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }

        if (count * SafetensorsDTypes.SizeOf(dtype) != data.Length)
            throw new ArgumentException($"tensor '{name}': {data.Length} bytes do not match {dtype} shape [{string.Join(", ", shape)}]", nameof(data));
        if (!_names.Add(name)) throw new ArgumentException($"tensor '{name}' was added twice", nameof(name));
        _tensors.Add((name, dtype, (long[])shape.Clone(), data));
    }

    /// <summary>Writes the file (atomically) with an optional string <c>__metadata__</c> map.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        byte[] header = BuildHeader(metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
            stream.Write(lengthBytes);
            stream.Write(header);
            foreach (var t in _tensors) stream.Write(t.Data.Span);
        });
    }

    private byte[] BuildHeader(IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var t in _tensors)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.DType.ToString());
                json.WriteStartArray("shape");
                foreach (long d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.Data.Length;
            }

            json.WriteEndObject();
        }

        // Pad with spaces to a multiple of 8 so the data block is aligned, as the reference writer does.
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).CopyTo(header);
        header.AsSpan((int)buffer.Length).Fill((byte)' ');
        return header;
    }
}
