using System.Numerics;
using System.Runtime.CompilerServices;

namespace Wren.Data.Curation.Text;

/// <summary>
/// Counts of 64-bit hashes in an open-addressing table (linear probing), reused across documents:
/// <see cref="Reset"/> clears only the part a document needs, so a per-document count costs no
/// allocation and no <c>Dictionary</c> overhead. Keys are already well-mixed hashes, so the low bits
/// index the table directly. Not thread-safe: one per thread (<see cref="ForThread"/>).
/// </summary>
public sealed class HashCounter
{
    [ThreadStatic]
    private static HashCounter? _forThread;

    private ulong[] _keys = new ulong[256];
    private int[] _counts = new int[256];
    private int _mask = 255;
    private int _used;
    // 0 marks an empty slot, so the key 0 is counted beside the table.
    private int _zeroCount;

    /// <summary>This thread's counter (steps run on many threads at once).</summary>
    public static HashCounter ForThread => _forThread ??= new HashCounter();

    /// <summary>Empties the counter, sized for up to <paramref name="distinct"/> distinct keys at under half load.</summary>
    public void Reset(int distinct)
    {
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, distinct * 2));
        if (capacity > _keys.Length)
        {
            _keys = new ulong[capacity];
            _counts = new int[capacity];
        }
        else
        {
            _keys.AsSpan(0, capacity).Clear();
        }
        _mask = capacity - 1;
        _used = 0;
        _zeroCount = 0;
    }

    /// <summary>Adds one to <paramref name="key"/>'s count and returns the new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Increment(ulong key)
    {
        if (key == 0)
        {
            return ++_zeroCount;
        }
        int slot = (int)(key ^ (key >> 32)) & _mask;
        while (true)
        {
            ulong k = _keys[slot];
            if (k == key)
            {
                return ++_counts[slot];
            }
            if (k == 0)
            {
                _keys[slot] = key;
                _counts[slot] = 1;
                if (++_used * 2 > _mask)
                {
                    Grow();
                }
                return 1;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Doubles the live part of the table when it is half full (the size guess was low), keeping the counts.</summary>
    private void Grow()
    {
        int oldCapacity = _mask + 1;
        var keys = _keys.AsSpan(0, oldCapacity).ToArray();
        var counts = _counts.AsSpan(0, oldCapacity).ToArray();
        int zero = _zeroCount;
        Reset(oldCapacity);
        _zeroCount = zero;
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] != 0)
            {
                int slot = (int)(keys[i] ^ (keys[i] >> 32)) & _mask;
                while (_keys[slot] != 0)
                {
                    slot = (slot + 1) & _mask;
                }
                _keys[slot] = keys[i];
                _counts[slot] = counts[i];
                _used++;
            }
        }
    }

    /// <summary>True when <paramref name="key"/> was not counted before (and counts it).</summary>
    public bool Add(ulong key) => Increment(key) == 1;
}
