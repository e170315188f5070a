using System.Runtime.CompilerServices;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// Open-addressing map from a pair of token ids to (merge rank, merged id): the inner lookup of BPE,
/// done once per adjacent pair per merge step, so it avoids Dictionary's indirections.
/// </summary>
internal sealed class MergeTable
{
    private const ulong Empty = ulong.MaxValue;
    private readonly ulong[] _keys;
    private readonly long[] _values; // rank << 32 | merged id
    private readonly int _mask;

    public MergeTable(int capacity)
    {
        int size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }
        _keys = new ulong[size];
        Array.Fill(_keys, Empty);
        _values = new long[size];
        _mask = size - 1;
    }

    public int Count { get; private set; }

    /// <summary>Adds a merge unless the pair already has one (the first, lowest rank, wins, as in Hugging Face).</summary>
    public void TryAdd(int left, int right, int rank, int mergedId)
    {
        ulong key = Key(left, right);
        int slot = Slot(key);
        while (_keys[slot] != Empty)
        {
            if (_keys[slot] == key)
            {
                return;
            }
            slot = (slot + 1) & _mask;
        }
        _keys[slot] = key;
        _values[slot] = ((long)rank << 32) | (uint)mergedId;
        Count++;
    }

    /// <summary>The merge of (left, right): rank and merged id, or false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(int left, int right, out int rank, out int mergedId)
    {
        ulong key = Key(left, right);
        int slot = Slot(key);
        while (true)
        {
            ulong k = _keys[slot];
            if (k == key)
            {
                long v = _values[slot];
                rank = (int)(v >> 32);
                mergedId = (int)(uint)v;
                return true;
            }
            if (k == Empty)
            {
                rank = 0;
                mergedId = 0;
                return false;
            }
            slot = (slot + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Key(int left, int right) => ((ulong)(uint)left << 32) | (uint)right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & _mask;
}
