using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class HashCounterTests
{
    [Fact]
    public void CountsEqualADictionarySEvenWhenTheSizeGuessIsFarTooLow()
    {
        var random = new Random(2);
        var counter = new HashCounter();
        foreach (int distinct in new[] { 1, 10, 1000, 50_000 })
        {
            counter.Reset(4); // a low guess forces the table to grow while counting
            var reference = new Dictionary<ulong, int>();
            for (int i = 0; i < distinct * 3; i++)
            {
                // Key 0 and keys equal in their low bits collide on purpose.
                ulong key = i % 11 == 0 ? 0 : i % 5 == 0 ? (ulong)random.Next(distinct) << 40 : (ulong)random.Next(distinct) * 0x9E3779B97F4A7C15UL;
                int expected = reference[key] = reference.GetValueOrDefault(key) + 1;
                Assert.Equal(expected, counter.Increment(key));
            }
        }
    }

    [Fact]
    public void ResetForgetsEarlierKeys()
    {
        var counter = new HashCounter();
        counter.Reset(8);
        Assert.True(counter.Add(42));
        Assert.False(counter.Add(42));
        counter.Reset(8);
        Assert.True(counter.Add(42));
    }
}
