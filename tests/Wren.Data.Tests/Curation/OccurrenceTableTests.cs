using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class OccurrenceTableTests
{
    /// <summary>Keys that collide on purpose: 0, keys equal in their low bits, keys equal in their high bits, and pairs of small integers (the n-gram keys).</summary>
    private static ulong Key(Random random, int i, int distinct) => (i % 4) switch
    {
        0 => i % 13 == 0 ? 0 : (ulong)random.Next(distinct) << 40,
        1 => (ulong)random.Next(distinct),
        2 => ((ulong)(uint)random.Next(distinct) << 32) | (uint)random.Next(3),
        _ => (ulong)random.Next(distinct) * 0x9E3779B97F4A7C15UL,
    };

    [Fact]
    public void FirstPositionsAndCountsEqualADictionarySEvenWhenTheSizeGuessIsFarTooLow()
    {
        var random = new Random(3);
        var table = new OccurrenceTable();
        foreach (int length in new[] { 0, 1, 7, 1000, 60_000 })
        {
            table.Reset(2); // a low guess: the table doubles many times while counting
            var first = new Dictionary<ulong, int>();
            var counts = new Dictionary<ulong, int>();
            for (int i = 0; i < length; i++)
            {
                ulong key = Key(random, i, length / 3 + 1);
                first.TryAdd(key, i);
                counts[key] = counts.GetValueOrDefault(key) + 1;
                ref var e = ref table.Add(key, i);
                Assert.Equal((key, first[key], counts[key]), (e.Key, e.First, e.Count));
            }
            Assert.Equal(first.Count, table.Distinct);
            Assert.True(table.Distinct <= table.Limit);
            // After all the growing, every key is still there with its first position and count.
            foreach (var (key, at) in first)
            {
                ref var e = ref table.Add(key, int.MaxValue);
                Assert.Equal((at, counts[key] + 1), (e.First, e.Count));
            }
        }
    }

    [Fact]
    public void TheStaticProbeOnATableSizedForEveryKeyEqualsADictionaryAndNeverNeedsToGrow()
    {
        var random = new Random(5);
        var table = new OccurrenceTable();
        foreach (int length in new[] { 1, 100, 20_000 })
        {
            table.Reset(length);
            int capacity = table.Capacity;
            var first = new Dictionary<ulong, int>();
            var counts = new Dictionary<ulong, int>();
            for (int i = 0; i < length; i++)
            {
                ulong key = Key(random, i, length);
                first.TryAdd(key, i);
                counts[key] = counts.GetValueOrDefault(key) + 1;
                ref var e = ref OccurrenceTable.AddTo(ref table.Entries, table.Mask, table.Shift, key, i);
                Assert.Equal((key, first[key], counts[key]), (e.Key, e.First, e.Count));
            }
            Assert.Equal(capacity, table.Capacity);
            Assert.True(capacity >= 2 * length);
        }
    }

    [Fact]
    public void ResetForgetsEarlierKeys()
    {
        var table = new OccurrenceTable();
        table.Reset(8);
        Assert.Equal(1, table.Add(42, 0).Count);
        Assert.Equal(2, table.Add(42, 1).Count);
        table.Reset(8);
        ref var e = ref table.Add(42, 5);
        Assert.Equal((5, 1), (e.First, e.Count));
        Assert.Equal(1, table.Distinct);
    }
}
