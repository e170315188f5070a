using System.Text;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Quantization;

namespace Wren.Runtime.Formats.Gguf;

/// <summary>
/// Writes a GGUF version 3 file: metadata, the tensor table, then each tensor's data padded to the
/// alignment (32 bytes unless told otherwise). Tensor data is produced on demand by a callback, so
/// a model larger than memory streams through; the file appears only when complete (temp + rename).
/// </summary>
public sealed class GgufWriter
{
    public const uint Version = 3;

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);

    public GgufWriter(int alignment = GgufReader.DefaultAlignment)
    {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) throw new ArgumentException("alignment must be a power of two", nameof(alignment));
        Alignment = alignment;
        if (alignment != GgufReader.DefaultAlignment) Add("general.alignment", GgufValue.Of((uint)alignment));
    }

    public int Alignment { get; }

    public int TensorCount => _tensors.Count;

    /// <summary>Adds a metadata entry; keys are unique.</summary>
    public GgufWriter Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_keys.Add(key)) throw new ArgumentException($"metadata key '{key}' is already set", nameof(key));
        CheckValue(key, value);
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>
    /// Adds a tensor whose data <paramref name="writeData"/> writes when the file is written; it must
    /// write exactly RowSize(type, elements) bytes. <paramref name="dimensions"/> are in ggml order
    /// (row length first).
    /// </summary>
    public GgufWriter AddTensor(string name, GgmlType type, ReadOnlySpan<long> dimensions, Action<Stream> writeData)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) >= 64) throw new ArgumentException($"tensor name '{name}' is 64 bytes or longer; ggml's limit is 63", nameof(name));
        if (dimensions.Length is 0 or > 4) throw new ArgumentException($"tensor '{name}' has {dimensions.Length} dimensions; GGUF needs 1 to 4", nameof(dimensions));
        if (!_tensorNames.Add(name)) throw new ArgumentException($"tensor '{name}' is already added", nameof(name));
        long elements = 1;
        foreach (long d in dimensions)
        {
            if (d <= 0) throw new ArgumentException($"tensor '{name}' has a dimension of {d}", nameof(dimensions));
            elements *= d;
        }
        int block = GgmlTypeTraits.BlockSize(type);
        if (dimensions[0] % block != 0)
            throw new ArgumentException($"tensor '{name}' has rows of {dimensions[0]} values, not a multiple of the {GgmlTypeTraits.Name(type)} block size {block}", nameof(dimensions));
        _tensors.Add(new PendingTensor(name, type, dimensions.ToArray(), GgmlTypeTraits.RowSize(type, elements), writeData));
        return this;
    }

    /// <summary>Adds a tensor from bytes already in memory.</summary>
    public GgufWriter AddTensor(string name, GgmlType type, ReadOnlySpan<long> dimensions, ReadOnlyMemory<byte> data) =>
        AddTensor(name, type, dimensions, s => s.Write(data.Span));

    /// <summary>Writes the file atomically; progress counts tensor bytes.</summary>
    public long Write(string path, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        long written = 0;
        AtomicFile.Write(path, stream => written = WriteTo(stream, progress, cancellationToken));
        return written;
    }

    /// <summary>Writes the whole file to a stream; returns the number of bytes written.</summary>
    public long WriteTo(Stream destination, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        var counting = new CountingStream(destination);
        using (var header = new BinaryWriter(counting, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(GgufReader.Magic);
            header.Write(Version);
            header.Write((ulong)_tensors.Count);
            header.Write((ulong)_metadata.Count);
            foreach ((string key, GgufValue value) in _metadata)
            {
                WriteString(header, key);
                header.Write((uint)value.Type);
                WriteValue(header, value.Type, value.Value);
            }
            long offset = 0;
            foreach (PendingTensor t in _tensors)
            {
                WriteString(header, t.Name);
                header.Write((uint)t.Dimensions.Length);
                foreach (long d in t.Dimensions) header.Write((ulong)d);
                header.Write((uint)t.Type);
                header.Write((ulong)offset);
                offset += Pad(t.ByteSize);
            }
            header.Flush();
        }
        WritePadding(counting);

        long totalBytes = 0;
        foreach (PendingTensor t in _tensors) totalBytes += t.ByteSize;
        using IProgressTask task = (progress ?? NullProgressSink.Instance).Begin("write tensors", totalBytes, "B");
        foreach (PendingTensor t in _tensors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            task.SetStatus(t.Name);
            long before = counting.Position;
            t.WriteData(counting);
            long wrote = counting.Position - before;
            if (wrote != t.ByteSize)
                throw new InvalidOperationException($"tensor '{t.Name}' ({GgmlTypeTraits.Name(t.Type)}) wrote {wrote} bytes; {t.ByteSize} were expected");
            WritePadding(counting);
            task.Increment(t.ByteSize);
        }
        counting.Flush();
        return counting.Position;
    }

    private long Pad(long n) => (n + Alignment - 1) / Alignment * Alignment;

    private void WritePadding(CountingStream s)
    {
        long pad = Pad(s.Position) - s.Position;
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        while (pad > 0)
        {
            int n = (int)Math.Min(pad, zeros.Length);
            s.Write(zeros[..n]);
            pad -= n;
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteValue(BinaryWriter w, GgufValueType type, object value)
    {
        switch (type)
        {
            case GgufValueType.UInt8: w.Write((byte)value); break;
            case GgufValueType.Int8: w.Write((sbyte)value); break;
            case GgufValueType.UInt16: w.Write((ushort)value); break;
            case GgufValueType.Int16: w.Write((short)value); break;
            case GgufValueType.UInt32: w.Write((uint)value); break;
            case GgufValueType.Int32: w.Write((int)value); break;
            case GgufValueType.Float32: w.Write((float)value); break;
            case GgufValueType.Bool: w.Write((bool)value ? (byte)1 : (byte)0); break;
            case GgufValueType.String: WriteString(w, (string)value); break;
            case GgufValueType.UInt64: w.Write((ulong)value); break;
            case GgufValueType.Int64: w.Write((long)value); break;
            case GgufValueType.Float64: w.Write((double)value); break;
            case GgufValueType.Array:
            {
                var array = (GgufArray)value;
                w.Write((uint)array.ElementType);
                w.Write((ulong)array.Items.Length);
                foreach (object? item in array.Items) WriteValue(w, array.ElementType, item!);
                break;
            }
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "unknown GGUF value type");
        }
    }

    /// <summary>Checks up front that the .NET type of a value matches its GGUF type, so a mistake fails at Add, not halfway through a write.</summary>
    private static void CheckValue(string key, GgufValue value)
    {
        Type expected = value.Type switch
        {
            GgufValueType.UInt8 => typeof(byte),
            GgufValueType.Int8 => typeof(sbyte),
            GgufValueType.UInt16 => typeof(ushort),
            GgufValueType.Int16 => typeof(short),
            GgufValueType.UInt32 => typeof(uint),
            GgufValueType.Int32 => typeof(int),
            GgufValueType.Float32 => typeof(float),
            GgufValueType.Bool => typeof(bool),
            GgufValueType.String => typeof(string),
            GgufValueType.UInt64 => typeof(ulong),
            GgufValueType.Int64 => typeof(long),
            GgufValueType.Float64 => typeof(double),
            GgufValueType.Array => typeof(GgufArray),
            _ => throw new ArgumentException($"metadata key '{key}' has the unknown type {value.Type}"),
        };
        if (value.Value.GetType() != expected)
            throw new ArgumentException($"metadata key '{key}' is declared {value.Type} but holds a {value.Value.GetType().Name}");
        if (value.Value is GgufArray array)
            foreach (object? item in array.Items)
                CheckValue(key, new GgufValue(array.ElementType, item ?? throw new ArgumentException($"array '{key}' holds a null")));
    }

    private sealed record PendingTensor(string Name, GgmlType Type, long[] Dimensions, long ByteSize, Action<Stream> WriteData);

    /// <summary>Counts bytes so the writer can pad and check each tensor's size without a seekable stream.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private long _position;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            _position += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _position += buffer.Length;
        }

        public override void WriteByte(byte value)
        {
            inner.WriteByte(value);
            _position++;
        }
    }
}
