using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Dedup;

/// <summary>
/// The on-disk files of the dedup stages, per shard so they scale past memory: signatures
/// (<c>sig-NNNNN.bin</c>: magic, P, count, then count x P uint64), document info
/// (<c>docs-NNNNN.jsonl</c>), line document-frequencies (<c>lines-NNNNN.bin</c>), candidate pairs per
/// band (<c>pairs-TT.bin</c>), removals per shard (<c>remove-NNNNN.jsonl</c>), the boilerplate line
/// set and the cluster summary.
/// </summary>
public static class DedupFiles
{
    private const uint SignatureMagic = 0x31474953; // "SIG1"

    public static string Signatures(string dir, int shard) => Path.Combine(dir, $"sig-{shard:D5}.bin");

    public static string Documents(string dir, int shard) => Path.Combine(dir, $"docs-{shard:D5}.jsonl");

    public static string Lines(string dir, int shard) => Path.Combine(dir, $"lines-{shard:D5}.bin");

    public static string Pairs(string dir, int task) => Path.Combine(dir, $"pairs-{task:D3}.bin");

    public static string Removals(string dir, int shard) => Path.Combine(dir, $"remove-{shard:D5}.jsonl");

    public static string Boilerplate(string dir) => Path.Combine(dir, "boilerplate.bin");

    public static string Clusters(string dir) => Path.Combine(dir, "clusters.json");

    public static void WriteSignatures(string path, int permutations, IReadOnlyList<ulong[]> signatures) => AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(SignatureMagic);
        writer.Write(permutations);
        writer.Write(signatures.Count);
        foreach (var signature in signatures)
        {
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(signature.AsSpan()));
        }
    });

    /// <summary>Random access to one shard's signatures through a memory map.</summary>
    public sealed class SignatureReader : IDisposable
    {
        private readonly MemoryMappedFile? _map;
        private readonly MemoryMappedViewAccessor? _view;

        public SignatureReader(string path)
        {
            if (!File.Exists(path))
            {
                throw new WrenException($"{path}: signature file missing (run the signatures stage first)");
            }
            using (var stream = File.OpenRead(path))
            using (var reader = new BinaryReader(stream))
            {
                if (reader.ReadUInt32() != SignatureMagic)
                {
                    throw new WrenException($"{path}: not a signature file");
                }
                Permutations = reader.ReadInt32();
                Count = reader.ReadInt32();
            }
            if (Count > 0)
            {
                _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
                _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            }
        }

        public int Permutations { get; }

        public int Count { get; }

        public void Read(int document, ulong[] destination)
        {
            long offset = 12 + (long)document * Permutations * sizeof(ulong);
            _view!.ReadArray(offset, destination, 0, Permutations);
        }

        public void Dispose()
        {
            _view?.Dispose();
            _map?.Dispose();
        }
    }

    public static void WriteDocuments(string path, IReadOnlyList<DedupDocumentInfo> documents) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        foreach (var d in documents)
        {
            writer.WriteLine(JsonSerializer.Serialize(d));
        }
    });

    public static List<DedupDocumentInfo> ReadDocuments(string path)
    {
        var list = new List<DedupDocumentInfo>();
        foreach (string line in File.ReadLines(path))
        {
            list.Add(JsonSerializer.Deserialize<DedupDocumentInfo>(line)!);
        }
        return list;
    }

    public static void WriteLineCounts(string path, Dictionary<ulong, int> counts) => AtomicFile.Write(path, stream =>
    {
        var keys = counts.Keys.ToArray();
        Array.Sort(keys);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(keys.Length);
        foreach (ulong key in keys)
        {
            writer.Write(key);
            writer.Write(counts[key]);
        }
    });

    public static IEnumerable<(ulong Hash, int Count)> ReadLineCounts(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int n = reader.ReadInt32();
        for (int i = 0; i < n; i++)
        {
            yield return (reader.ReadUInt64(), reader.ReadInt32());
        }
    }

    public static void WriteHashSet(string path, IEnumerable<ulong> hashes) => AtomicFile.Write(path, stream =>
    {
        var sorted = hashes.ToArray();
        Array.Sort(sorted);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(sorted.Length);
        foreach (ulong h in sorted)
        {
            writer.Write(h);
        }
    });

    public static HashSet<ulong> ReadHashSet(string path)
    {
        var set = new HashSet<ulong>();
        if (!File.Exists(path))
        {
            return set;
        }
        using var reader = new BinaryReader(File.OpenRead(path));
        int n = reader.ReadInt32();
        for (int i = 0; i < n; i++)
        {
            set.Add(reader.ReadUInt64());
        }
        return set;
    }

    public static void WritePairs(string path, List<DuplicatePair> pairs) => AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(pairs.Count);
        foreach (var p in pairs)
        {
            writer.Write(p.ShardA);
            writer.Write(p.DocA);
            writer.Write(p.ShardB);
            writer.Write(p.DocB);
            writer.Write(p.Jaccard);
        }
    });

    public static IEnumerable<DuplicatePair> ReadPairs(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int n = reader.ReadInt32();
        for (int i = 0; i < n; i++)
        {
            yield return new DuplicatePair(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadSingle());
        }
    }
}
