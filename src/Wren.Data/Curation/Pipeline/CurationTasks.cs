using System.Diagnostics;
using System.Globalization;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// The unit every executor runs: one task of one stage. Its outputs are written atomically by the
/// stage; the completion marker is written last (also atomically), so a marker always means the
/// task's outputs are complete, and a task killed half way leaves no marker and simply runs again.
/// </summary>
public static class CurationTasks
{
    /// <summary>True when the task's completion marker exists.</summary>
    public static bool IsDone(CurationLayout layout, ICurationStage stage, int task) => File.Exists(layout.Marker(stage.Name, task));

    /// <summary>The stage's tasks that have no completion marker, in order.</summary>
    public static List<int> Pending(CurationLayout layout, ICurationStage stage)
    {
        var pending = new List<int>();
        for (int t = 0; t < stage.TaskCount; t++)
        {
            if (!IsDone(layout, stage, t))
            {
                pending.Add(t);
            }
        }
        return pending;
    }

    /// <summary>Runs one task unless it is already done, then writes its marker; returns whether it ran.</summary>
    public static bool Run(CurationLayout layout, ICurationStage stage, int task, CancellationToken cancellationToken)
    {
        if ((uint)task >= (uint)stage.TaskCount)
        {
            throw new Wren.Runtime.WrenException($"{layout.Root}: stage '{stage.Name}' has tasks 0..{stage.TaskCount - 1}, not {task}");
        }
        if (IsDone(layout, stage, task))
        {
            return false;
        }
        var clock = Stopwatch.StartNew();
        stage.RunTask(task, cancellationToken);
        Directory.CreateDirectory(layout.Done);
        AtomicFile.WriteAllText(layout.Marker(stage.Name, task), string.Create(CultureInfo.InvariantCulture,
            $"{{\"finished\":\"{DateTimeOffset.UtcNow:O}\",\"seconds\":{clock.Elapsed.TotalSeconds:0.###},\"host\":\"{Environment.MachineName}\"}}\n"));
        return true;
    }
}
