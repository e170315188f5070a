using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Wren.Data.Curation.Text;

/// <summary>
/// For a sequence of 64-bit keys added at increasing positions: each distinct key's first position
/// and count, in an open-addressing table (linear probing, Fibonacci hashing, at most half full).
/// The first position names the key, so a caller keeps names, not slots, and the table may grow
/// (rehash) while counting: it starts at the caller's size guess and doubles when half full. Key,
/// first position and count share one 16-byte entry, so an addition touches one cache line. Keys
/// need not be mixed (the multiplicative hash spreads pairs of small integers too); any value is a
/// valid key. Reused across documents (no allocation once grown). Not thread-safe: one per thread.
/// </summary>
/// <remarks>
/// Hot loops may probe through <see cref="AddTo"/> with the table's <see cref="Entries"/>,
/// <see cref="Mask"/> and <see cref="Shift"/> held in locals (the fields of a class are otherwise
/// reloaded after every store); they then count new keys themselves and call <see cref="Grow"/>
/// when <see cref="Limit"/> is reached, or size the table with <see cref="Reset"/> for all of their
/// keys so that it never has to grow.
/// </remarks>
public sealed class OccurrenceTable
{
    /// <summary>One distinct key: where it was first added and how many times.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Entry
    {
        public ulong Key;
        public int First;
        // 0: the entry is empty (every key present has been added at least once).
        public int Count;
    }

    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private Entry[] _entries = new Entry[64];
    private Entry[] _spare = [];
    private int _mask = 63;
    private int _shift = 58;
    private int _used;

    /// <summary>Distinct keys added through <see cref="Add"/> since the last <see cref="Reset"/>.</summary>
    public int Distinct => _used;

    /// <summary>Entries in the live table (a power of two).</summary>
    public int Capacity => _mask + 1;

    /// <summary>Capacity - 1: the slot mask for <see cref="AddTo"/>.</summary>
    public int Mask => _mask;

    /// <summary>64 - log2(capacity): the hash shift for <see cref="AddTo"/>.</summary>
    public int Shift => _shift;

    /// <summary>Distinct keys the table holds before it must grow (half its capacity).</summary>
    public int Limit => (_mask + 1) / 2;

    /// <summary>The first entry of the live table, for <see cref="AddTo"/>; valid until the next <see cref="Reset"/> or <see cref="Grow"/>.</summary>
    public ref Entry Entries => ref MemoryMarshal.GetArrayDataReference(_entries);

    /// <summary>Empties the table, with room for <paramref name="distinct"/> distinct keys before it must grow.</summary>
    public void Reset(int distinct)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(distinct, 8, 1 << 29) * 2);
        if (capacity > _entries.Length)
        {
            _entries = new Entry[capacity];
        }
        else
        {
            _entries.AsSpan(0, capacity).Clear();
        }
        SetCapacity(capacity);
        _used = 0;
    }

    private void SetCapacity(int capacity)
    {
        _mask = capacity - 1;
        _shift = 64 - BitOperations.Log2((uint)capacity);
    }

    /// <summary>
    /// Counts one more <paramref name="key"/>, first seen at <paramref name="position"/> when it is
    /// new; returns its entry (<see cref="Entry.Count"/> is 1 exactly when the key is new). The
    /// reference is valid until the next addition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Entry Add(ulong key, int position)
    {
        if (_used >= Limit)
        {
            Grow();
        }
        ref Entry e = ref AddTo(ref Entries, _mask, _shift, key, position);
        _used += e.Count == 1 ? 1 : 0;
        return ref e;
    }

    /// <summary>
    /// <see cref="Add"/> without the growth check, on a table given as its first entry, mask and
    /// shift (see the remarks). The caller guarantees an empty entry remains.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref Entry AddTo(ref Entry table, int mask, int shift, ulong key, int position)
    {
        int s = (int)((key * Fibonacci) >> shift);
        ref Entry e = ref Unsafe.Add(ref table, s);
        // One branch per probed entry, taken only past another key: whether the key is new or seen is
        // as likely one way as the other, so it is computed, not branched on (no misprediction).
        while ((e.Count != 0) & (e.Key != key))
        {
            s = (s + 1) & mask;
            e = ref Unsafe.Add(ref table, s);
        }
        int isNew = e.Count == 0 ? 1 : 0;
        e.Key = key;
        e.First += (position - e.First) & -isNew;
        e.Count++;
        return ref e;
    }

    /// <summary>
    /// Hints the CPU to fetch the entry where <paramref name="key"/> starts probing, for a caller that
    /// knows its keys a few additions ahead (a table beyond the L1 cache otherwise stalls on every
    /// addition). Changes nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch(ref Entry table, int shift, ulong key)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref table, (int)((key * Fibonacci) >> shift))));
        }
    }

    /// <summary>Doubles the table: every entry is placed again; first positions and counts move with their keys.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Grow()
    {
        int oldCapacity = _mask + 1;
        if (_spare.Length < oldCapacity)
        {
            _spare = new Entry[Math.Max(oldCapacity, _entries.Length)];
        }
        _entries.AsSpan(0, oldCapacity).CopyTo(_spare);
        int capacity = oldCapacity * 2;
        if (capacity > _entries.Length)
        {
            _entries = new Entry[capacity];
        }
        else
        {
            _entries.AsSpan(0, capacity).Clear();
        }
        SetCapacity(capacity);
        int mask = _mask;
        foreach (ref readonly Entry old in _spare.AsSpan(0, oldCapacity))
        {
            if (old.Count == 0)
            {
                continue;
            }
            int s = (int)((old.Key * Fibonacci) >> _shift);
            while (_entries[s].Count != 0)
            {
                s = (s + 1) & mask;
            }
            _entries[s] = old;
        }
    }
}
