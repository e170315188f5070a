using System.Globalization;
using System.Text;
using Wren.Data.Curation.Pipeline;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Slurm;

/// <summary>
/// Runs a curation run on a Slurm cluster whose nodes share the run's folder: one job array per
/// stage (array task i runs <c>wren curate-task --stage S --task i --workdir DIR</c>), each stage's
/// job depending on the previous one's (<c>--dependency=afterok</c>), so the whole run is queued at
/// once. Then waits, showing per-stage progress from the completion markers (they, not the
/// scheduler's accounting, say what is done, so this works on clusters without <c>sacct</c>),
/// and reports every task that did not complete with its log.
/// Only tasks without a marker are submitted, so <c>--resume</c> reruns just what is missing.
/// </summary>
public sealed class SlurmExecutor : ICurationExecutor
{
    private readonly SlurmOptions _options;

    public SlurmExecutor(SlurmOptions options)
    {
        if (options.WorkerCommand.Count == 0)
        {
            throw new ArgumentException("the worker command is empty", nameof(options));
        }
        if (options.MaxRunning is < 1)
        {
            throw new WrenException($"--tasks-at-once must be at least 1 (got {options.MaxRunning})");
        }
        _options = options;
    }

    /// <summary>The Slurm job id of each stage submitted by the last <see cref="Run"/>, in order.</summary>
    public IReadOnlyList<(string Stage, string JobId)> Jobs { get; private set; } = [];

    public void Run(CurationLayout layout, IReadOnlyList<ICurationStage> stages, IProgressSink progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.Logs);
        Directory.CreateDirectory(layout.Done);
        string jobsFile = Path.Combine(layout.Logs, "jobs.txt");
        RefuseWhileEarlierJobsRun(layout, jobsFile);
        var submitted = new List<Submitted>();
        try
        {
            string? previous = null;
            foreach (var stage in stages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pending = CurationTasks.Pending(layout, stage);
                if (pending.Count == 0)
                {
                    continue;
                }
                string jobId = Submit(layout, stage, pending, previous);
                submitted.Add(new Submitted(stage, jobId, pending));
                previous = jobId;
            }
            Jobs = submitted.Select(s => (s.Stage.Name, s.JobId)).ToList();
            AtomicFile.WriteAllText(jobsFile, string.Concat(submitted.Select(s => $"{s.JobId} {s.Stage.Name}\n")));
            if (submitted.Count > 0)
            {
                Wait(layout, submitted, progress, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            Cancel(submitted);
            throw;
        }
        var failures = Failures(layout, submitted);
        // On a network file system a marker written on a node can take a moment to show here.
        for (int i = 0; i < 10 && failures.Count > 0 && failures.Any(f => f.LogPath is not null && f.LastLines.Contains(" done in ", StringComparison.Ordinal)); i++)
        {
            Thread.Sleep(1000);
            failures = Failures(layout, submitted);
        }
        if (failures.Count > 0)
        {
            throw new CurationTasksFailedException(failures);
        }
    }

    /// <summary>
    /// A resumed run must not submit tasks that an earlier submission (the process that waited for it
    /// was stopped) still has queued or running: both would write the same files.
    /// </summary>
    private static void RefuseWhileEarlierJobsRun(CurationLayout layout, string jobsFile)
    {
        if (!File.Exists(jobsFile))
        {
            return;
        }
        var earlier = File.ReadLines(jobsFile).Select(l => l.Split(' ')[0]).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal);
        var queue = SlurmClient.Run("squeue", ["--noheader", "--me", "--format=%F|%i|%T|%r"]);
        var still = ParseQueue(queue.ExitCode == 0 ? queue.Output : null, earlier);
        if (still.Count > 0)
        {
            throw new WrenException($"{layout.Root}: Slurm jobs {string.Join(", ", still.Keys.Order(StringComparer.Ordinal))} of an earlier submission of this run are still queued or running; wait for them (squeue --me) or cancel them (scancel), then rerun with --resume");
        }
    }

    private string Submit(CurationLayout layout, ICurationStage stage, List<int> tasks, string? dependency)
    {
        string script = Path.Combine(layout.Logs, $"{stage.Name}.sh");
        AtomicFile.WriteAllText(script, JobScript(layout, stage));
        var arguments = new List<string>
        {
            "--parsable",
            $"--job-name=wren-curate-{stage.Name}",
            $"--array={SlurmArraySpec.Format(tasks, _options.MaxRunning)}",
            // %5a: the array index zero-padded like the markers, so task i's log is work/logs/STAGE-0000i.log.
            $"--output={Path.Combine(layout.Logs, stage.Name + "-%5a.log")}",
            $"--chdir={_options.WorkingDirectory}",
            // A failed stage cancels the stages after it instead of leaving them pending for ever.
            "--kill-on-invalid-dep=yes",
        };
        if (_options.Partition is not null)
        {
            arguments.Add($"--partition={_options.Partition}");
        }
        if (dependency is not null)
        {
            arguments.Add($"--dependency=afterok:{dependency}");
        }
        arguments.AddRange(_options.ExtraArguments);
        arguments.Add(script);
        string output = SlurmClient.Check("sbatch", arguments).Trim();
        // --parsable prints "jobid" or "jobid;cluster".
        string jobId = output.Split(';')[0];
        if (jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
        {
            throw new WrenException($"sbatch: unexpected answer '{output}' (expected a job id)");
        }
        return jobId;
    }

    /// <summary>The batch script of a stage: runs the array task's index through the worker command.</summary>
    internal string JobScript(CurationLayout layout, ICurationStage stage)
    {
        var script = new StringBuilder();
        script.Append("#!/bin/sh\n");
        script.Append(CultureInfo.InvariantCulture, $"# wren curate: stage '{stage.Name}', {stage.TaskCount} task(s); written by SlurmExecutor.\n");
        script.Append("exec");
        foreach (string part in _options.WorkerCommand)
        {
            script.Append(' ').Append(ShellQuote(part));
        }
        script.Append(" curate-task --stage ").Append(ShellQuote(stage.Name));
        script.Append(" --task \"$SLURM_ARRAY_TASK_ID\" --workdir ").Append(ShellQuote(layout.Root)).Append('\n');
        return script.ToString();
    }

    /// <summary>A POSIX shell single-quoted word.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private void Wait(CurationLayout layout, List<Submitted> submitted, IProgressSink progress, CancellationToken cancellationToken)
    {
        var bars = new List<IProgressTask>();
        var shown = new int[submitted.Count];
        try
        {
            for (int i = 0; i < submitted.Count; i++)
            {
                var stage = submitted[i].Stage;
                var bar = progress.Begin($"curate: {stage.Name} (slurm job {submitted[i].JobId})", stage.TaskCount, "tasks");
                shown[i] = stage.TaskCount - submitted[i].Tasks.Count;
                bar.Increment(shown[i]);
                bars.Add(bar);
            }
            var ours = submitted.Select(s => s.JobId).ToHashSet(StringComparer.Ordinal);
            int queueErrors = 0;
            while (true)
            {
                var queue = SlurmClient.Run("squeue", ["--noheader", "--me", "--format=%F|%i|%T|%r"]);
                if (queue.ExitCode != 0)
                {
                    // The controller may be busy for a moment; give up only when it stays unreachable.
                    if (++queueErrors == 30)
                    {
                        throw new WrenException($"squeue: exit {queue.ExitCode}: {queue.Error.Trim()} (the jobs {string.Join(", ", ours)} may still be queued)");
                    }
                }
                else
                {
                    queueErrors = 0;
                }
                var states = ParseQueue(queue.ExitCode == 0 ? queue.Output : null, ours);
                for (int i = 0; i < submitted.Count; i++)
                {
                    int done = CurationTasks.Pending(layout, submitted[i].Stage).Count;
                    done = submitted[i].Stage.TaskCount - done;
                    if (done > shown[i])
                    {
                        bars[i].Increment(done - shown[i]);
                        shown[i] = done;
                    }
                    if (states.TryGetValue(submitted[i].JobId, out var state))
                    {
                        bars[i].SetStatus(state);
                    }
                }
                if (queue.ExitCode == 0 && states.Count == 0)
                {
                    return;
                }
                if (states.Count > 0 && states.Values.All(s => s.EndsWith("PENDING (DependencyNeverSatisfied)", StringComparison.Ordinal) && !s.Contains(',', StringComparison.Ordinal)))
                {
                    // An earlier stage failed and the cluster keeps dependents queued (--kill-on-invalid-dep
                    // not honoured): cancel them, the failures are reported below.
                    SlurmClient.Run("scancel", states.Keys);
                }
                if (cancellationToken.WaitHandle.WaitOne(_options.PollInterval))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        finally
        {
            foreach (var bar in bars)
            {
                bar.Dispose();
            }
        }
    }

    /// <summary>Our jobs still in the queue, each with a summary of its tasks' states ("2 RUNNING, 6 PENDING (Dependency)").</summary>
    internal static Dictionary<string, string> ParseQueue(string? squeueOutput, IReadOnlySet<string> ours)
    {
        var counts = new Dictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        if (squeueOutput is null)
        {
            // Unknown for now: assume everything is still there.
            return ours.ToDictionary(j => j, _ => "queue unreachable", StringComparer.Ordinal);
        }
        foreach (string line in squeueOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split('|');
            if (fields.Length < 4 || !ours.Contains(fields[0]))
            {
                continue;
            }
            // A pending array shows as one line "123_[4-7]": count its tasks.
            int tasks = CountTasks(fields[1]);
            string state = fields[2] == "PENDING" && fields[3].Length > 0 && fields[3] != "None" ? $"PENDING ({fields[3]})" : fields[2];
            if (!counts.TryGetValue(fields[0], out var byState))
            {
                counts[fields[0]] = byState = new SortedDictionary<string, int>(StringComparer.Ordinal);
            }
            byState[state] = byState.GetValueOrDefault(state) + tasks;
        }
        return counts.ToDictionary(kv => kv.Key, kv => string.Join(", ", kv.Value.Select(s => $"{s.Value} {s.Key}")), StringComparer.Ordinal);
    }

    /// <summary>Tasks in a squeue job id: "123_4" is one, "123_[0-3,7%2]" is five.</summary>
    internal static int CountTasks(string jobId)
    {
        int open = jobId.IndexOf('[');
        if (open < 0)
        {
            return 1;
        }
        string inner = jobId[(open + 1)..].TrimEnd(']');
        int percent = inner.IndexOf('%');
        if (percent >= 0)
        {
            inner = inner[..percent];
        }
        int count = 0;
        foreach (string part in inner.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-');
            if (dash > 0
                && int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int from)
                && int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int to))
            {
                count += to - from + 1;
            }
            else
            {
                count++;
            }
        }
        return Math.Max(count, 1);
    }

    private static List<FailedTask> Failures(CurationLayout layout, List<Submitted> submitted)
    {
        var failures = new List<FailedTask>();
        bool earlierFailed = false;
        foreach (var s in submitted)
        {
            var missing = CurationTasks.Pending(layout, s.Stage);
            if (missing.Count == 0)
            {
                continue;
            }
            var states = earlierFailed ? null : AccountingStates(s.JobId);
            foreach (int task in missing)
            {
                string log = layout.TaskLog(s.Stage.Name, task);
                bool hasLog = File.Exists(log);
                string state = earlierFailed ? FailedTaskStates.NotRun
                    : states is not null && states.TryGetValue(task, out string? st) ? st
                    : FailedTaskStates.NoMarker;
                failures.Add(new FailedTask(s.Stage.Name, task, state, hasLog ? log : null, hasLog ? LogTail(log) : ""));
            }
            earlierFailed = true;
        }
        return failures;
    }

    /// <summary>Each array task's final state from <c>sacct</c>, or null where accounting is off.</summary>
    private static Dictionary<int, string>? AccountingStates(string jobId)
    {
        SlurmClient.Result result;
        try
        {
            result = SlurmClient.Run("sacct", ["--noheader", "--parsable2", "--allocations", $"--jobs={jobId}", "--format=JobID,State,ExitCode"]);
        }
        catch (WrenException)
        {
            return null;
        }
        if (result.ExitCode != 0)
        {
            return null;
        }
        var states = new Dictionary<int, string>();
        foreach (string line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split('|');
            int underscore = fields[0].IndexOf('_');
            if (fields.Length >= 3 && underscore > 0 && int.TryParse(fields[0].AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int task))
            {
                states[task] = $"{fields[1]} (exit {fields[2]})";
            }
        }
        return states;
    }

    /// <summary>The last few non-empty lines of a log: where a .NET error or Slurm's own message ends up.</summary>
    internal static string LogTail(string path, int lines = 5)
    {
        string[] all;
        try
        {
            all = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return "";
        }
        var tail = all.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(lines).Select(l => l.Length > 300 ? l[..300] + "…" : l);
        return string.Join('\n', tail);
    }

    private static void Cancel(List<Submitted> submitted)
    {
        if (submitted.Count == 0)
        {
            return;
        }
        try
        {
            SlurmClient.Run("scancel", submitted.Select(s => s.JobId));
        }
        catch (WrenException)
        {
            // Cancelling is a courtesy here; the run is being stopped anyway.
        }
    }

    private sealed record Submitted(ICurationStage Stage, string JobId, List<int> Tasks);
}
