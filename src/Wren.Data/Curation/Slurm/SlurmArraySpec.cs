using System.Text;

namespace Wren.Data.Curation.Slurm;

/// <summary>The <c>--array</c> value for a set of task indices: ranges where they run on ("0-3,7,9-12").</summary>
public static class SlurmArraySpec
{
    /// <param name="tasks">Distinct task indices in increasing order.</param>
    /// <param name="maxRunning">Appended as <c>%N</c> when set.</param>
    public static string Format(IReadOnlyList<int> tasks, int? maxRunning = null)
    {
        if (tasks.Count == 0)
        {
            throw new ArgumentException("no tasks", nameof(tasks));
        }
        var spec = new StringBuilder();
        for (int i = 0; i < tasks.Count;)
        {
            int j = i;
            while (j + 1 < tasks.Count && tasks[j + 1] == tasks[j] + 1)
            {
                j++;
            }
            if (spec.Length > 0)
            {
                spec.Append(',');
            }
            spec.Append(tasks[i]);
            if (j > i)
            {
                spec.Append('-').Append(tasks[j]);
            }
            i = j + 1;
        }
        if (maxRunning is int n)
        {
            spec.Append('%').Append(n);
        }
        return spec.ToString();
    }
}
