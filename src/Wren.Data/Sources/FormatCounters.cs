using System.Collections.Concurrent;

namespace Wren.Data.Sources;

/// <summary>Thread-safe per-format counts, updated by the reader workers while a run goes on.</summary>
internal sealed class FormatCounters
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public void AddFile(string format, long bytes)
    {
        Counter c = Get(format);
        Interlocked.Increment(ref c.Files);
        Interlocked.Add(ref c.Bytes, Math.Max(bytes, 0));
    }

    public void AddBytes(string format, long bytes) => Interlocked.Add(ref Get(format).Bytes, bytes);

    public void AddDocument(string format) => Interlocked.Increment(ref Get(format).Documents);

    public void AddError(string format) => Interlocked.Increment(ref Get(format).Errors);

    /// <summary>A snapshot, ordered by format name so that summaries read the same every run.</summary>
    public IReadOnlyList<FormatStatistics> Snapshot()
    {
        var list = new List<FormatStatistics>();
        foreach (var (format, c) in _counters)
        {
            list.Add(new FormatStatistics(format, Volatile.Read(ref c.Files), Volatile.Read(ref c.Documents), Volatile.Read(ref c.Bytes), Volatile.Read(ref c.Errors)));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Format, b.Format));
        return list;
    }

    private Counter Get(string format) => _counters.GetOrAdd(format, static _ => new Counter());

    private sealed class Counter
    {
        public long Files;
        public long Documents;
        public long Bytes;
        public long Errors;
    }
}
