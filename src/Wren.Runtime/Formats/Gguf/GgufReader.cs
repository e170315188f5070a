using System.IO.MemoryMappedFiles;
using System.Text;
using Wren.Runtime.Quantization;

namespace Wren.Runtime.Formats.Gguf;

/// <summary>
/// Reads a GGUF file (versions 2 and 3, little-endian), memory-mapped: the header, metadata and
/// tensor table are parsed and checked when the file is opened; tensor data is read in place,
/// without copying the file. Every problem is a <see cref="WrenException"/> naming the file and the
/// key or tensor.
/// </summary>
public sealed unsafe class GgufReader : IDisposable
{
    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    /// <summary>Alignment of tensor data when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    private const int MaxDimensions = 4; // GGML_MAX_DIMS

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _length;
    private readonly Dictionary<string, GgufTensorInfo> _tensorsByName;
    private bool _disposed;

    public string Path { get; }
    public uint Version { get; }
    public int Alignment { get; }

    /// <summary>File offset where tensor data begins (tensor offsets are relative to it).</summary>
    public long DataOffset { get; }

    public long FileLength => _length;

    /// <summary>Metadata in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> MetadataEntries { get; }

    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Tensors in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    private GgufReader(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer, long length)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = basePointer;
        _length = length;

        var cursor = new Cursor(this);
        uint magic = cursor.U32("the magic number");
        if (magic != Magic)
            throw Error(magic == 0x47475546 ? "is a big-endian GGUF file, which is not supported" : "is not a GGUF file (the first four bytes are not \"GGUF\")");
        Version = cursor.U32("the version");
        if (Version == 1) throw Error("is GGUF version 1, which is obsolete; convert it again with a current llama.cpp");
        if (Version is < 2 or > 3)
            throw Error(Version > 0xFFFF ? $"has version {Version}: byte-swapped (big-endian) GGUF is not supported" : $"has GGUF version {Version}; versions 2 and 3 are supported");
        long tensorCount = cursor.Count("the tensor count", 8 + 4 + 4 + 8); // name length, dimension count, type, offset
        long kvCount = cursor.Count("the metadata count", 8 + 4);

        var entries = new List<KeyValuePair<string, GgufValue>>((int)Math.Min(kvCount, 4096));
        var metadata = new Dictionary<string, GgufValue>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            string key = cursor.String($"the key of metadata entry {i}");
            var type = (GgufValueType)cursor.U32($"the type of metadata key '{key}'");
            GgufValue value = cursor.Value(type, key, depth: 0);
            if (!metadata.TryAdd(key, value)) throw Error($"has the metadata key '{key}' twice");
            entries.Add(new(key, value));
        }
        MetadataEntries = entries;
        Metadata = metadata;

        int alignment = DefaultAlignment;
        if (metadata.TryGetValue("general.alignment", out GgufValue? alignValue))
        {
            if (alignValue.Type != GgufValueType.UInt32) throw Error($"has 'general.alignment' of type {alignValue.Type}; it must be UInt32");
            uint a = (uint)alignValue.Value;
            if (a == 0 || (a & (a - 1)) != 0 || a > 1 << 20) throw Error($"has 'general.alignment' = {a}; it must be a power of two");
            alignment = (int)a;
        }
        Alignment = alignment;

        var tensors = new List<GgufTensorInfo>((int)Math.Min(tensorCount, 65536));
        _tensorsByName = new Dictionary<string, GgufTensorInfo>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            string name = cursor.String($"the name of tensor {i}");
            uint nDims = cursor.U32($"the dimension count of tensor '{name}'");
            if (nDims > MaxDimensions) throw Error($"gives tensor '{name}' {nDims} dimensions; ggml allows at most {MaxDimensions}");
            var dims = new long[nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++)
            {
                ulong ne = cursor.U64($"dimension {d} of tensor '{name}'");
                if (ne > long.MaxValue / 2) throw Error($"gives tensor '{name}' an impossible dimension {ne}");
                dims[d] = (long)ne;
                if (ne != 0 && elements > long.MaxValue / (long)ne) throw Error($"gives tensor '{name}' more elements than fit in 64 bits");
                elements *= (long)ne;
            }
            uint typeId = cursor.U32($"the type of tensor '{name}'");
            var type = (GgmlType)typeId;
            if (!GgmlTypeTraits.TryGetLayout(type, out int blockSize, out int typeSize))
                throw Error($"gives tensor '{name}' the unknown ggml type {typeId}");
            if ((nDims > 0 && dims[0] % blockSize != 0) || elements % blockSize != 0)
                throw Error($"gives tensor '{name}' ({GgmlTypeTraits.Name(type)}) rows of {(nDims > 0 ? dims[0] : 1)} values, not a multiple of its block size {blockSize}");
            // Compared before the byte size is computed: elements times the type size can overflow 64 bits.
            if (elements / blockSize > length / typeSize)
                throw Error($"is truncated or corrupt: tensor '{name}' has {elements} values of {GgmlTypeTraits.Name(type)}, more than the whole file ({length} bytes) could hold");
            ulong offset = cursor.U64($"the data offset of tensor '{name}'");
            if (offset % (ulong)alignment != 0) throw Error($"places tensor '{name}' at offset {offset}, which is not a multiple of the alignment {alignment}");
            if (offset > (ulong)length) throw Error($"is truncated or corrupt: tensor '{name}' starts at data offset {offset}, beyond the end of the file ({length} bytes)");
            var info = new GgufTensorInfo(name, dims, type, (long)offset);
            if (!_tensorsByName.TryAdd(name, info)) throw Error($"has the tensor '{name}' twice");
            tensors.Add(info);
        }
        Tensors = tensors;

        long dataOffset = (cursor.Position + alignment - 1) / alignment * alignment;
        DataOffset = dataOffset;
        foreach (GgufTensorInfo t in tensors)
        {
            long end = dataOffset + t.Offset + t.ByteSize;
            if (end > length)
                throw Error($"is truncated: tensor '{t.Name}' {t.ShapeText} {GgmlTypeTraits.Name(t.Type)} needs bytes up to {end}, the file has {length}");
        }
    }

    /// <summary>Opens and validates a GGUF file.</summary>
    public static GgufReader Open(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"{path}: no such GGUF file");
        // The handle's length, not FileInfo's: in a Hugging Face cache the path is a symlink to its blob.
        long length;
        using (var handle = File.OpenHandle(path)) length = RandomAccess.GetLength(handle);
        if (length < 24) throw new WrenException($"{path}: is truncated ({length} bytes; a GGUF header alone takes 24)");
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        byte* pointer = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            return new GgufReader(path, map, view, pointer, length);
        }
        catch
        {
            if (pointer != null) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map?.Dispose();
            throw;
        }
    }

    public bool TryGetTensor(string name, out GgufTensorInfo tensor) => _tensorsByName.TryGetValue(name, out tensor!);

    public GgufTensorInfo GetTensor(string name) =>
        _tensorsByName.TryGetValue(name, out GgufTensorInfo? t) ? t : throw Error($"has no tensor '{name}'");

    /// <summary>The raw bytes of a tensor, in place in the mapped file.</summary>
    public ReadOnlySpan<byte> GetTensorBytes(GgufTensorInfo tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long size = tensor.ByteSize;
        if (size > int.MaxValue) throw new NotSupportedException($"tensor '{tensor.Name}' is {size} bytes; read it row by row with GetRowBytes");
        return new ReadOnlySpan<byte>(_base + DataOffset + tensor.Offset, (int)size);
    }

    /// <summary>The raw bytes of rows [firstRow, firstRow + rowCount) of a tensor.</summary>
    public ReadOnlySpan<byte> GetRowBytes(GgufTensorInfo tensor, long firstRow, int rowCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > tensor.RowCount) throw new ArgumentOutOfRangeException(nameof(firstRow));
        long rowBytes = GgmlTypeTraits.RowSize(tensor.Type, tensor.RowLength);
        return new ReadOnlySpan<byte>(_base + DataOffset + tensor.Offset + firstRow * rowBytes, checked((int)(rowBytes * rowCount)));
    }

    /// <summary>A pointer to a tensor's data in the mapped file (valid until disposal); the model loader binds weights to it in place.</summary>
    internal byte* GetTensorPointer(GgufTensorInfo tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _base + DataOffset + tensor.Offset;
    }

    /// <summary>Dequantizes a whole tensor to floats.</summary>
    public float[] ReadAsSingle(GgufTensorInfo tensor)
    {
        if (!GgmlQuantizer.IsSupported(tensor.Type))
            throw Error($"has tensor '{tensor.Name}' in {GgmlTypeTraits.Name(tensor.Type)}, which Wren cannot dequantize");
        var result = new float[tensor.ElementCount];
        long rowBytes = GgmlTypeTraits.RowSize(tensor.Type, tensor.RowLength);
        int rowLength = checked((int)tensor.RowLength);
        for (long r = 0; r < tensor.RowCount; r++)
        {
            var row = new ReadOnlySpan<byte>(_base + DataOffset + tensor.Offset + r * rowBytes, (int)rowBytes);
            GgmlQuantizer.Dequantize(tensor.Type, row, result.AsSpan(checked((int)(r * rowLength)), rowLength));
        }
        return result;
    }

    public string GetString(string key) => Get(key, GgufValueType.String).AsString();

    public bool TryGetValue(string key, out GgufValue value) => Metadata.TryGetValue(key, out value!);

    /// <summary>A metadata value that must be present, with its type checked.</summary>
    public GgufValue Get(string key, GgufValueType? expected = null)
    {
        if (!Metadata.TryGetValue(key, out GgufValue? v)) throw Error($"lacks the metadata key '{key}'");
        if (expected is { } t && v.Type != t) throw Error($"has '{key}' of type {v.Type}; {t} was expected");
        return v;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private WrenException Error(string what) => new($"{Path}: {what}");

    /// <summary>A bounds-checked reader over the mapped header.</summary>
    private ref struct Cursor
    {
        private readonly GgufReader _owner;
        public long Position;

        public Cursor(GgufReader owner)
        {
            _owner = owner;
            Position = 0;
        }

        private byte* Take(long bytes, string what)
        {
            if (bytes < 0 || Position + bytes > _owner._length)
                throw _owner.Error($"is truncated: it ends inside {what} (at byte {Position} of {_owner._length})");
            byte* p = _owner._base + Position;
            Position += bytes;
            return p;
        }

        public uint U32(string what) => *(uint*)Take(4, what);

        public ulong U64(string what) => *(ulong*)Take(8, what);

        /// <summary>A count whose items take at least <paramref name="minItemBytes"/> each: a count the file cannot hold is corruption.</summary>
        public long Count(string what, long minItemBytes)
        {
            ulong n = U64(what);
            if (n > (ulong)(_owner._length / minItemBytes)) throw _owner.Error($"is corrupt or truncated: {what} is {n}, more than the file could hold");
            return (long)n;
        }

        public string String(string what)
        {
            ulong n = U64(what);
            if (n > (ulong)(_owner._length - Position)) throw _owner.Error($"is corrupt or truncated: {what} claims {n} bytes, past the end of the file");
            byte* p = Take((long)n, what);
            try
            {
                return StrictUtf8.GetString(p, (int)n);
            }
            catch (DecoderFallbackException)
            {
                throw _owner.Error($"is corrupt: {what} is not valid UTF-8");
            }
        }

        /// <summary>
        /// <see cref="String"/> for element <paramref name="index"/> of a string array, naming it only when it is bad: a
        /// vocabulary is 30-150 thousand strings, and formatting a description of each made up half of opening a GGUF file.
        /// </summary>
        private string ElementString(string key, int index)
        {
            long at = Position;
            if (at + 8 <= _owner._length)
            {
                ulong n = *(ulong*)(_owner._base + at);
                if (n <= (ulong)(_owner._length - at - 8) && n <= int.MaxValue)
                {
                    var bytes = new ReadOnlySpan<byte>(_owner._base + at + 8, (int)n);
                    if (System.Text.Unicode.Utf8.IsValid(bytes))
                    {
                        Position = at + 8 + (long)n;
                        return Encoding.UTF8.GetString(bytes);
                    }
                }
            }

            return String($"element {index} of '{key}'"); // throws the error that names it
        }

        public GgufValue Value(GgufValueType type, string key, int depth)
        {
            string what = $"the value of '{key}'";
            return type switch
            {
                GgufValueType.UInt8 => new(type, *Take(1, what)),
                GgufValueType.Int8 => new(type, *(sbyte*)Take(1, what)),
                GgufValueType.UInt16 => new(type, *(ushort*)Take(2, what)),
                GgufValueType.Int16 => new(type, *(short*)Take(2, what)),
                GgufValueType.UInt32 => new(type, *(uint*)Take(4, what)),
                GgufValueType.Int32 => new(type, *(int*)Take(4, what)),
                GgufValueType.Float32 => new(type, *(float*)Take(4, what)),
                GgufValueType.Bool => new(type, Bool(what)),
                GgufValueType.String => new(type, String(what)),
                GgufValueType.UInt64 => new(type, *(ulong*)Take(8, what)),
                GgufValueType.Int64 => new(type, *(long*)Take(8, what)),
                GgufValueType.Float64 => new(type, *(double*)Take(8, what)),
                GgufValueType.Array => new(type, Array(key, depth)),
                _ => throw _owner.Error($"gives metadata key '{key}' the unknown value type {(uint)type}"),
            };
        }

        private bool Bool(string what)
        {
            byte b = *Take(1, what);
            if (b > 1) throw _owner.Error($"is corrupt: {what} is a bool holding {b}");
            return b == 1;
        }

        private GgufArray Array(string key, int depth)
        {
            if (depth > 8) throw _owner.Error($"nests arrays too deeply in '{key}'");
            var elementType = (GgufValueType)U32($"the element type of '{key}'");
            int size = ElementSize(elementType);
            if (size < 0 && elementType is not (GgufValueType.String or GgufValueType.Array))
                throw _owner.Error($"gives array '{key}' the unknown element type {(uint)elementType}");
            long count = Count($"the length of array '{key}'", Math.Max(size, 1));
            if (count > int.MaxValue) throw _owner.Error($"has array '{key}' of {count} elements, too many");
            int n = (int)count;
            string what = $"the elements of array '{key}'";
            switch (elementType)
            {
                case GgufValueType.String:
                {
                    var items = new string[n];
                    for (int i = 0; i < n; i++) items[i] = ElementString(key, i);
                    return new GgufArray(elementType, items);
                }
                case GgufValueType.Array:
                {
                    var items = new GgufArray[n];
                    for (int i = 0; i < n; i++) items[i] = Array(key, depth + 1);
                    return new GgufArray(elementType, items);
                }
                case GgufValueType.Bool:
                {
                    var items = new bool[n];
                    for (int i = 0; i < n; i++) items[i] = Bool(what);
                    return new GgufArray(elementType, items);
                }
                default:
                {
                    byte* p = Take((long)n * size, what);
                    System.Array items = elementType switch
                    {
                        GgufValueType.UInt8 => new ReadOnlySpan<byte>(p, n).ToArray(),
                        GgufValueType.Int8 => new ReadOnlySpan<sbyte>(p, n).ToArray(),
                        GgufValueType.UInt16 => new ReadOnlySpan<ushort>(p, n).ToArray(),
                        GgufValueType.Int16 => new ReadOnlySpan<short>(p, n).ToArray(),
                        GgufValueType.UInt32 => new ReadOnlySpan<uint>(p, n).ToArray(),
                        GgufValueType.Int32 => new ReadOnlySpan<int>(p, n).ToArray(),
                        GgufValueType.Float32 => new ReadOnlySpan<float>(p, n).ToArray(),
                        GgufValueType.UInt64 => new ReadOnlySpan<ulong>(p, n).ToArray(),
                        GgufValueType.Int64 => new ReadOnlySpan<long>(p, n).ToArray(),
                        GgufValueType.Float64 => new ReadOnlySpan<double>(p, n).ToArray(),
                        _ => throw new InvalidOperationException(),
                    };
                    return new GgufArray(elementType, items);
                }
            }
        }

        private static int ElementSize(GgufValueType t) => t switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
            GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
            GgufValueType.String => 8,
            _ => -1,
        };
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
