using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Wren.Runtime.Formats.Safetensors;

/// <summary>
/// A memory-mapped safetensors file: the JSON header is parsed and checked against the file length,
/// and tensor data is read in place through the mapping (nothing is copied). The mapping lives until
/// <see cref="Dispose"/>; spans and pointers handed out are valid only until then.
/// </summary>
/// <remarks>
/// Layout: 8 bytes little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>),
/// then the data block; offsets are relative to the data block.
/// </remarks>
public sealed unsafe class SafetensorsFile : IDisposable
{
    /// <summary>Headers above this size are refused as corrupt (the format's own reader uses 100 MB).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly Dictionary<string, SafetensorsTensorInfo> _tensors;
    private byte* _base;

    private SafetensorsFile(string path, long length, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* basePointer,
        Dictionary<string, SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Length = length;
        _map = map;
        _view = view;
        _base = basePointer;
        _tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>File length in bytes.</summary>
    public long Length { get; }

    /// <summary>The <c>__metadata__</c> string map of the header (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Tensor entries by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _tensors;

    /// <summary>Opens and validates a safetensors file; errors name the file and the tensor.</summary>
    /// <exception cref="WrenException">The file is missing, truncated or its header is malformed.</exception>
    public static SafetensorsFile Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new WrenException($"safetensors file not found: {full}");
        // The handle's length, not FileInfo's: in a Hugging Face cache the path is a symlink to its blob, and
        // FileInfo.Length would be the link's own size.
        long length;
        using (var handle = File.OpenHandle(full)) length = RandomAccess.GetLength(handle);
        if (length < 8) throw new WrenException($"{full}: truncated safetensors file ({length} bytes; the 8-byte header length is missing)");

        byte[] header;
        using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            ulong headerLength = BitConverter.IsLittleEndian ? MemoryMarshal.Read<ulong>(lengthBytes) : System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > MaxHeaderBytes) throw new WrenException($"{full}: header length {headerLength} is implausible (corrupt or not a safetensors file)");
            if ((long)headerLength > length - 8) throw new WrenException($"{full}: truncated safetensors file (header says {headerLength} bytes of JSON, the file has {length - 8} after the length)");
            header = new byte[headerLength];
            stream.ReadExactly(header);
        }

        long dataStart = 8 + header.Length;
        var (tensors, metadata) = ParseHeader(full, header, dataStart, length - dataStart);

        if (length == 0 || tensors.Count == 0 || length == dataStart)
        {
            // Nothing to map (an empty file cannot be mapped); tensors, if any, have zero bytes.
            return new SafetensorsFile(full, length, null, null, null, tensors, metadata);
        }

        // Shared read: other processes (a server, an evaluation) may map the same checkpoint at once.
        var mapped = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        MemoryMappedFile map;
        try
        {
            map = MemoryMappedFile.CreateFromFile(mapped, mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            mapped.Dispose();
            throw;
        }

        try
        {
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            p += view.PointerOffset;
            return new SafetensorsFile(full, length, map, view, p, tensors, metadata);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    private static (Dictionary<string, SafetensorsTensorInfo>, IReadOnlyDictionary<string, string>) ParseHeader(string path, byte[] header, long dataStart, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new WrenException($"{path}: the safetensors header is not valid JSON ({e.Message})", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new WrenException($"{path}: the safetensors header is not a JSON object");
            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var ranges = new List<(long Begin, long End, string Name)>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var m in property.Value.EnumerateObject())
                            metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    }
                    continue;
                }

                var info = ParseTensor(path, property, dataStart, dataLength);
                if (!tensors.TryAdd(info.Name, info)) throw new WrenException($"{path}: the header names tensor '{info.Name}' twice");
                if (info.ByteLength > 0) ranges.Add((info.DataOffset, info.DataOffset + info.ByteLength, info.Name));
            }

            // Overlapping tensors mean a corrupt or hostile header: two names would alias the same bytes.
            ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            for (int i = 1; i < ranges.Count; i++)
            {
                if (ranges[i].Begin < ranges[i - 1].End)
                    throw new WrenException($"{path}: tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' overlap in the data block");
            }

            return (tensors, metadata);
        }
    }

    private static SafetensorsTensorInfo ParseTensor(string path, JsonProperty property, long dataStart, long dataLength)
    {
        string name = property.Name;
        var e = property.Value;
        if (e.ValueKind != JsonValueKind.Object) throw new WrenException($"{path}: tensor '{name}': header entry is not an object");
        if (!e.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new WrenException($"{path}: tensor '{name}': missing 'dtype'");
        string dtypeText = dtypeElement.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeText, out var dtype))
            throw new WrenException($"{path}: tensor '{name}': unsupported dtype '{dtypeText}'");
        if (!e.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new WrenException($"{path}: tensor '{name}': missing 'shape'");
        if (shapeElement.GetArrayLength() > MaxDimensions)
            throw new WrenException($"{path}: tensor '{name}': shape {Shorten(shapeElement.GetRawText())} has {shapeElement.GetArrayLength()} dimensions, more than {MaxDimensions}");
        var shape = new long[shapeElement.GetArrayLength()];
        int i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw new WrenException($"{path}: tensor '{name}': shape {Shorten(shapeElement.GetRawText())} has a dimension that is not a non-negative integer");
            shape[i++] = dim;
        }
        int elementSize = SafetensorsDTypes.SizeOf(dtype);
        // Multiplied out without overflow: a shape such as [2^62, 4] has more bytes than 64 bits count, and is
        // corrupt or hostile whatever its data_offsets say (their own checks follow).
        long count = 1;
        long most = long.MaxValue / elementSize;
        if (Array.IndexOf(shape, 0L) < 0)
        {
            foreach (long dim in shape)
            {
                if (dim > most / count)
                    throw new WrenException($"{path}: tensor '{name}': shape {Shorten(shapeElement.GetRawText())} holds more {dtypeText} values than any file could (a corrupt or hostile header)");
                count *= dim;
            }
        }
        else
        {
            count = 0;
        }

        if (!e.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw new WrenException($"{path}: tensor '{name}': 'data_offsets' must be [begin, end]");
        if (begin < 0 || end < begin) throw new WrenException($"{path}: tensor '{name}': invalid data_offsets [{begin}, {end}]");
        long expected = count * elementSize;
        if (end - begin != expected)
            throw new WrenException($"{path}: tensor '{name}': data_offsets [{begin}, {end}] hold {end - begin} bytes, but {dtypeText} shape {Shorten(shapeElement.GetRawText())} needs {expected}");
        if (end > dataLength)
            throw new WrenException($"{path}: tensor '{name}': truncated file: data ends at byte {dataStart + end}, the file has {dataStart + dataLength}");
        return new SafetensorsTensorInfo(name, dtype, shape, dataStart + begin, end - begin);
    }

    /// <summary>Dimensions refused as hostile (PyTorch allows 64; real weights have up to 5).</summary>
    private const int MaxDimensions = 64;

    /// <summary>Header text quoted in an error, cut to one short line.</summary>
    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";

    /// <summary>The tensor entry, or an error naming the tensor and this file.</summary>
    public SafetensorsTensorInfo GetInfo(string name) =>
        _tensors.TryGetValue(name, out var info) ? info : throw new WrenException($"{Path}: tensor '{name}' is missing");

    /// <summary>The raw bytes of a tensor, in place in the mapping.</summary>
    public ReadOnlySpan<byte> GetBytes(SafetensorsTensorInfo info)
    {
        ObjectDisposedException.ThrowIf(_base == null && info.ByteLength > 0, this);
        if (info.ByteLength == 0) return ReadOnlySpan<byte>.Empty;
        if (info.ByteLength > int.MaxValue) throw new WrenException($"{Path}: tensor '{info.Name}' has {info.ByteLength} bytes, more than one span can address; use GetPointer");
        return new ReadOnlySpan<byte>(_base + info.DataOffset, (int)info.ByteLength);
    }

    /// <summary>A pointer to the first byte of a tensor in the mapping (valid until disposal). May be unaligned.</summary>
    public nint GetPointer(SafetensorsTensorInfo info)
    {
        ObjectDisposedException.ThrowIf(_base == null && info.ByteLength > 0, this);
        return (nint)(_base + info.DataOffset);
    }

    /// <summary>Copies a tensor to a new float array, converting F16/BF16/F64 to float32.</summary>
    public float[] ReadAsSingle(string name)
    {
        var info = GetInfo(name);
        var bytes = GetBytes(info);
        var result = new float[info.ElementCount];
        switch (info.DType)
        {
            case SafetensorsDType.F32:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(result);
                break;
            case SafetensorsDType.F16:
                Kernels.HalfConversion.F16ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), result);
                break;
            case SafetensorsDType.BF16:
                Kernels.HalfConversion.BF16ToSingle(MemoryMarshal.Cast<byte, ushort>(bytes), result);
                break;
            case SafetensorsDType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < result.Length; i++) result[i] = (float)doubles[i];
                break;
            default:
                throw new WrenException($"{Path}: tensor '{name}' is {info.DType}, not a floating-point tensor");
        }

        return result;
    }

    /// <summary>Copies an integer tensor (I64/I32/I16/I8/U8/...) to a long array.</summary>
    public long[] ReadAsInt64(string name)
    {
        var info = GetInfo(name);
        var bytes = GetBytes(info);
        var result = new long[info.ElementCount];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = info.DType switch
            {
                SafetensorsDType.I64 => MemoryMarshal.Cast<byte, long>(bytes)[i],
                SafetensorsDType.I32 => MemoryMarshal.Cast<byte, int>(bytes)[i],
                SafetensorsDType.I16 => MemoryMarshal.Cast<byte, short>(bytes)[i],
                SafetensorsDType.I8 => (sbyte)bytes[i],
                SafetensorsDType.U8 or SafetensorsDType.BOOL => bytes[i],
                SafetensorsDType.U16 => MemoryMarshal.Cast<byte, ushort>(bytes)[i],
                SafetensorsDType.U32 => MemoryMarshal.Cast<byte, uint>(bytes)[i],
                SafetensorsDType.U64 => (long)MemoryMarshal.Cast<byte, ulong>(bytes)[i],
                _ => throw new WrenException($"{Path}: tensor '{name}' is {info.DType}, not an integer tensor"),
            };
        }

        return result;
    }

    public void Dispose()
    {
        if (_view != null && _base != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _base = null;
        }

        _view?.Dispose();
        _map?.Dispose();
    }
}
