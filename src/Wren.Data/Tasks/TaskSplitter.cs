using System.IO.Hashing;
using System.Text;

namespace Wren.Data.Tasks;

/// <summary>
/// Splits candidates into train, validation and test by group (every example of a group, such as a mail thread,
/// goes to the same split, so no thread is seen in training and again in the test), stratified by label (each
/// label's groups are dealt, largest first, to the split that is furthest below its share of that label's examples),
/// and seeded (groups of the same size are dealt in the order of a seeded hash of their key, so the same seed gives
/// the same split on any machine).
/// </summary>
public static class TaskSplitter
{
    /// <returns>The split of each candidate, in the candidates' order.</returns>
    public static string[] Split(IReadOnlyList<TaskCandidate> candidates, ulong seed, double validationFraction, double testFraction)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), $"validation ({validationFraction}) and test ({testFraction}) fractions must be >= 0 and leave room for training");

        // Groups: candidate indexes by group key, in first-seen order.
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i < candidates.Count; i++)
        {
            if (!groups.TryGetValue(candidates[i].Group, out var members))
            {
                groups[candidates[i].Group] = members = [];
                order.Add(candidates[i].Group);
            }
            members.Add(i);
        }

        // Each group is dealt under its most common label (ties: the label seen first).
        var byLabel = new SortedDictionary<string, List<(ulong Key, string Group, int Size)>>(StringComparer.Ordinal);
        foreach (string group in order)
        {
            var members = groups[group];
            string label = MostCommonLabel(candidates, members);
            if (!byLabel.TryGetValue(label, out var list)) byLabel[label] = list = [];
            list.Add((Hash(seed, group), group, members.Count));
        }

        var splits = new string[candidates.Count];
        string[] names = [TaskSplits.Test, TaskSplits.Validation, TaskSplits.Train];
        foreach (var (_, list) in byLabel)
        {
            // Largest groups first (ties in seeded order), each into the split it fills least, relative to that split's
            // share: a big thread lands in training instead of making up the whole test share of its label.
            list.Sort((a, b) => a.Size != b.Size ? b.Size.CompareTo(a.Size) : a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Group, b.Group));
            double[] share = [testFraction, validationFraction, 1 - testFraction - validationFraction];
            var filled = new int[3];
            foreach (var g in list)
            {
                int best = -1;
                double bestRatio = double.MaxValue;
                for (int s = 0; s < 3; s++)
                {
                    if (share[s] <= 0) continue;
                    double ratio = (filled[s] + g.Size) / share[s];
                    if (ratio < bestRatio)
                    {
                        bestRatio = ratio;
                        best = s;
                    }
                }

                filled[best] += g.Size;
                foreach (int i in groups[g.Group]) splits[i] = names[best];
            }
        }

        return splits;
    }

    private static string MostCommonLabel(IReadOnlyList<TaskCandidate> candidates, List<int> members)
    {
        if (members.Count == 1) return candidates[members[0]].Label;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string best = candidates[members[0]].Label;
        foreach (int i in members)
        {
            string label = candidates[i].Label;
            int n = counts[label] = counts.GetValueOrDefault(label) + 1;
            if (n > counts[best]) best = label;
        }

        return best;
    }

    private static ulong Hash(ulong seed, string key) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key), unchecked((long)seed));
}
