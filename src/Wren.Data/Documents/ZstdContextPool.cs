using System.Collections.Concurrent;
using ZstdSharp;

namespace Wren.Data.Documents;

/// <summary>
/// zstd compression and decompression contexts kept between shards: a context holds about a megabyte of
/// tables and window that a fresh one allocates again, and curation opens several shards per task.
/// </summary>
internal static class ZstdContextPool
{
    // A few per level is enough: one per shard open at the same time (two per task, one task per thread).
    private const int MaxPooledPerKind = 16;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<Compressor>> Compressors = new();
    private static readonly ConcurrentBag<Decompressor> Decompressors = new();

    public static Compressor RentCompressor(int level) =>
        Compressors.TryGetValue(level, out var bag) && bag.TryTake(out var compressor) ? compressor : new Compressor(level);

    /// <summary>Takes back a compressor whose frame ended or was abandoned: its session is reset, its parameters kept.</summary>
    public static void Return(Compressor compressor, int level) =>
        Keep(Compressors.GetOrAdd(level, _ => new ConcurrentBag<Compressor>()), compressor, static c => c.ResetStream());

    public static Decompressor RentDecompressor() => Decompressors.TryTake(out var decompressor) ? decompressor : new Decompressor();

    /// <summary>Takes back a decompressor, wherever its stream stopped (a reader may stop mid-frame).</summary>
    public static void Return(Decompressor decompressor) => Keep(Decompressors, decompressor, static d => d.ResetStream());

    /// <summary>Pools a context that resets cleanly, up to <see cref="MaxPooledPerKind"/>; disposes the rest.</summary>
    private static void Keep<T>(ConcurrentBag<T> bag, T context, Action<T> reset)
        where T : IDisposable
    {
        try
        {
            reset(context);
        }
        catch (ZstdException)
        {
            context.Dispose();
            return;
        }
        if (bag.Count < MaxPooledPerKind)
        {
            bag.Add(context);
        }
        else
        {
            context.Dispose();
        }
    }
}
