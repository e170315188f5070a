using Wren.Training.Model;

namespace Wren.Training.Classification;

/// <summary>Cuts examples into folds stratified by label: each label's examples, shuffled with the seed, are dealt in turn, so every fold holds about 1/k of every label.</summary>
internal static class CrossFitFoldAssignment
{
    /// <summary>The fold of each example, in 0..folds-1.</summary>
    public static int[] Assign(IReadOnlyList<int> labels, int folds, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var random = new SeededRandom(seed);
        var fold = new int[labels.Count];
        int next = 0;
        // Dealing carries on from label to label, so the folds' sizes differ by at most one.
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            for (int i = members.Length - 1; i > 0; i--)
            {
                int j = (int)random.NextInt64(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }

            foreach (int i in members) fold[i] = next++ % folds;
        }

        return fold;
    }
}
