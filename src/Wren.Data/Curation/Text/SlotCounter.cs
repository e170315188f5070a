using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Wren.Data.Curation.Text;

/// <summary>
/// Counts of 64-bit hashes in an open-addressing table (linear probing) whose slots stay put:
/// <see cref="Add"/> returns the slot, so a caller that counted a sequence can read each element's
/// final count afterwards (<see cref="CountAt"/>) without probing again, and can mark a key as seen
/// by a second, interleaved scan (<see cref="Mark"/>). The caller says up front how many keys at
/// most it will add (<see cref="Reset"/>), so the table never grows and never moves a slot; it is
/// then at most half full. Key, count and mark share one 16-byte entry, so an addition touches one
/// cache line. Reused across documents (no allocation per document); keys are already well-mixed
/// hashes, so their low bits index the table directly. Not thread-safe: one per thread.
/// </summary>
public sealed class SlotCounter
{
    private struct Entry
    {
        public ulong Key;
        public int Count;
        public int Marked;
    }

    private Entry[] _entries = new Entry[257];
    private int _mask = 255;
    private int _room;

    /// <summary>Empties the table, sized for up to <paramref name="maxKeys"/> additions.</summary>
    public void Reset(int maxKeys)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, maxKeys * 2));
        // One entry beyond the table holds the key 0 (0 marks an empty entry).
        if (capacity + 1 > _entries.Length)
        {
            _entries = new Entry[capacity + 1];
        }
        else
        {
            _entries.AsSpan(0, capacity + 1).Clear();
        }
        _mask = capacity - 1;
        _room = maxKeys;
    }

    /// <summary>Adds one to <paramref name="key"/>'s count; returns the new count and the key's slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(ulong key, out int slot)
    {
        if (--_room < 0)
        {
            throw new InvalidOperationException("SlotCounter: more additions than Reset was sized for.");
        }
        Entry[] entries = _entries;
        if (key == 0)
        {
            slot = _mask + 1;
            return ++entries[slot].Count;
        }
        int s = (int)(key ^ (key >> 32)) & _mask;
        while (true)
        {
            ref Entry e = ref entries[s];
            if (e.Key == key)
            {
                slot = s;
                return ++e.Count;
            }
            if (e.Key == 0)
            {
                e.Key = key;
                e.Count = 1;
                slot = s;
                return 1;
            }
            s = (s + 1) & _mask;
        }
    }

    /// <summary>
    /// Hints the CPU to fetch the entry where <paramref name="key"/> starts probing, for a caller that
    /// knows its keys a few additions ahead: a table larger than the L1 cache otherwise stalls on
    /// every addition. Changes nothing in the table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong key)
    {
        if (Sse.IsSupported)
        {
            int s = (int)(key ^ (key >> 32)) & _mask;
            Sse.Prefetch0(Unsafe.AsPointer(ref _entries[s]));
        }
    }

    /// <summary>True when <paramref name="key"/> was not added before (and adds it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd(ulong key) => Add(key, out _) == 1;

    /// <summary>The count in <paramref name="slot"/> (as returned by <see cref="Add"/> since the last reset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CountAt(int slot) => _entries[slot].Count;

    /// <summary>Marks the key in <paramref name="slot"/>; true when it was marked already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Mark(int slot)
    {
        ref Entry e = ref _entries[slot];
        bool was = e.Marked != 0;
        e.Marked = 1;
        return was;
    }
}
