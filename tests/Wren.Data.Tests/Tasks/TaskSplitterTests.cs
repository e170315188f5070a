using Wren.Data.Tasks;

namespace Wren.Data.Tests.Tasks;

public sealed class TaskSplitterTests
{
    private static List<TaskCandidate> Candidates()
    {
        var list = new List<TaskCandidate>();
        for (int i = 0; i < 300; i++) list.Add(new TaskCandidate($"a{i}", "a", $"a{i}", $"a{i}"));
        for (int i = 0; i < 100; i++) list.Add(new TaskCandidate($"b{i}", "b", $"b{i}", $"b{i}"));
        // A thread of twelve messages: all must land in one split.
        for (int i = 0; i < 12; i++) list.Add(new TaskCandidate($"t{i}", "b", $"t{i}", "thread"));
        return list;
    }

    [Fact]
    public void EveryLabelKeepsItsShareInEverySplit()
    {
        var candidates = Candidates();
        var splits = TaskSplitter.Split(candidates, seed: 7, validationFraction: 0.1, testFraction: 0.2);
        foreach (string label in new[] { "a", "b" })
        {
            var of = Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Label == label).ToList();
            double test = of.Count(i => splits[i] == TaskSplits.Test) / (double)of.Count;
            double validation = of.Count(i => splits[i] == TaskSplits.Validation) / (double)of.Count;
            Assert.InRange(test, 0.17, 0.23);
            Assert.InRange(validation, 0.07, 0.13);
        }
    }

    [Fact]
    public void AGroupNeverStraddlesTwoSplits()
    {
        var candidates = Candidates();
        var splits = TaskSplitter.Split(candidates, 7, 0.1, 0.2);
        Assert.Single(Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Group == "thread").Select(i => splits[i]).Distinct());
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        var candidates = Candidates();
        Assert.Equal(TaskSplitter.Split(candidates, 7, 0.1, 0.2), TaskSplitter.Split(candidates, 7, 0.1, 0.2));
        Assert.NotEqual(TaskSplitter.Split(candidates, 7, 0.1, 0.2), TaskSplitter.Split(candidates, 8, 0.1, 0.2));
    }

    [Fact]
    public void FractionsThatLeaveNothingForTrainingAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskSplitter.Split(Candidates(), 1, 0.5, 0.5));
}
