using System.IO.Hashing;
using System.Text;

namespace Wren.Pipeline.Explore;

/// <summary>
/// A bounded sample of a stream that does not depend on the stream's order or length: each item is ranked by a
/// seeded hash of its key and the lowest ranks are kept (bottom-k sampling), so the same data gives the same sample.
/// </summary>
internal sealed class Reservoir<T>(int capacity, ulong seed)
{
    private readonly PriorityQueue<T, ulong> _heap = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));

    public IReadOnlyList<T> Items => _heap.UnorderedItems.OrderBy(p => p.Priority).Select(p => p.Element).ToList();

    public int Count => _heap.Count;

    /// <summary>Offers an item; <paramref name="make"/> runs only when it is kept.</summary>
    public void Offer(string key, Func<T> make)
    {
        ulong rank = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(key), (long)seed);
        if (_heap.Count < capacity)
        {
            _heap.Enqueue(make(), rank);
        }
        else if (_heap.TryPeek(out _, out ulong worst) && rank < worst)
        {
            _heap.DequeueEnqueue(make(), rank);
        }
    }
}
