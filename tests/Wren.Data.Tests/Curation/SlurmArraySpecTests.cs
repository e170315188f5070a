using Wren.Data.Curation.Slurm;

namespace Wren.Data.Tests.Curation;

public sealed class SlurmArraySpecTests
{
    [Theory]
    [InlineData(new[] { 0 }, null, "0")]
    [InlineData(new[] { 0, 1, 2, 3 }, null, "0-3")]
    [InlineData(new[] { 1 }, null, "1")]
    [InlineData(new[] { 0, 1, 2, 3, 7, 9, 10, 11, 12 }, null, "0-3,7,9-12")]
    [InlineData(new[] { 4, 6, 8 }, 2, "4,6,8%2")]
    public void PendingTasksBecomeCompactRanges(int[] tasks, int? maxRunning, string expected) =>
        Assert.Equal(expected, SlurmArraySpec.Format(tasks, maxRunning));

    [Fact]
    public void NoTasksIsABugNotAnEmptyArray() =>
        Assert.Throws<ArgumentException>(() => SlurmArraySpec.Format([]));
}
