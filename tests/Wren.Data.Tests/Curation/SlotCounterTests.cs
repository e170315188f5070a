using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class SlotCounterTests
{
    [Fact]
    public void Counts_and_slots_equal_a_dictionary_s_counts_after_the_whole_sequence()
    {
        var random = new Random(3);
        var counter = new SlotCounter();
        foreach (int length in new[] { 0, 1, 7, 1000, 40_000 })
        {
            counter.Reset(length);
            var keys = new ulong[length];
            var slots = new int[length];
            var reference = new Dictionary<ulong, int>();
            for (int i = 0; i < length; i++)
            {
                // Key 0 and keys equal in their low bits collide on purpose.
                keys[i] = i % 13 == 0 ? 0 : i % 5 == 0 ? (ulong)random.Next(length) << 40 : (ulong)random.Next(length / 2 + 1) * 0x9E3779B97F4A7C15UL;
                int expected = reference[keys[i]] = reference.GetValueOrDefault(keys[i]) + 1;
                Assert.Equal(expected, counter.Add(keys[i], out slots[i]));
            }
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(reference[keys[i]], counter.CountAt(slots[i]));
            }
        }
    }

    [Fact]
    public void Adding_more_than_the_reset_size_is_refused_rather_than_moving_slots()
    {
        var counter = new SlotCounter();
        counter.Reset(2);
        Assert.True(counter.TryAdd(5));
        Assert.False(counter.TryAdd(5));
        Assert.Throws<InvalidOperationException>(() => counter.TryAdd(6));
    }
}
