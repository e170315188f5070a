using System.Numerics;
using System.Runtime.CompilerServices;

namespace Wren.Data.Curation.Text;

/// <summary>
/// Counts of 64-bit hashes in an open-addressing table (linear probing) whose slots stay put:
/// <see cref="Add"/> returns the slot, so a caller that counted a sequence can read each element's
/// final count afterwards (<see cref="CountAt"/>) without probing again. The caller says up front
/// how many keys at most it will add (<see cref="Reset"/>), so the table never grows and never
/// moves a slot; it is then at most half full. Reused across documents (no allocation per
/// document); keys are already well-mixed hashes, so their low bits index the table directly.
/// Not thread-safe: one per thread.
/// </summary>
public sealed class SlotCounter
{
    private ulong[] _keys = new ulong[257];
    private int[] _counts = new int[257];
    private int _mask = 255;
    private int _room;

    /// <summary>Empties the table, sized for up to <paramref name="maxKeys"/> additions.</summary>
    public void Reset(int maxKeys)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, maxKeys * 2));
        // One slot beyond the table holds the key 0 (0 marks an empty slot).
        if (capacity + 1 > _keys.Length)
        {
            _keys = new ulong[capacity + 1];
            _counts = new int[capacity + 1];
        }
        else
        {
            _keys.AsSpan(0, capacity).Clear();
        }
        _counts[capacity] = 0;
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
        ulong[] keys = _keys;
        if (key == 0)
        {
            slot = _mask + 1;
            return ++_counts[slot];
        }
        int s = (int)(key ^ (key >> 32)) & _mask;
        while (true)
        {
            ulong k = keys[s];
            if (k == key)
            {
                slot = s;
                return ++_counts[s];
            }
            if (k == 0)
            {
                keys[s] = key;
                _counts[s] = 1;
                slot = s;
                return 1;
            }
            s = (s + 1) & _mask;
        }
    }

    /// <summary>True when <paramref name="key"/> was not added before (and adds it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd(ulong key) => Add(key, out _) == 1;

    /// <summary>The count in <paramref name="slot"/> (as returned by <see cref="Add"/> since the last reset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CountAt(int slot) => _counts[slot];
}
