using System.Diagnostics;
using System.Reflection;
using Wren.Pipeline.Build.Stages;
using Wren.Runtime;

namespace Wren.Pipeline.Build;

/// <summary>
/// Runs the stages of a build in order. A stage is skipped when its input hash (tool version, recipe section,
/// input files, upstream outputs) matches build.json and its outputs still hash as recorded; otherwise its folder
/// is emptied and it runs. build.json is rewritten atomically whenever a stage starts, ends, fails or is
/// cancelled, so Ctrl-C leaves a state from which the next build resumes at the first incomplete stage.
/// </summary>
public static class BuildRunner
{
    public static string ToolVersion { get; } =
        typeof(BuildRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BuildRunner).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Runs every stage that is not up to date, then writes DIR/index.html.</summary>
    /// <param name="fromStage">Index of the first stage to run even when up to date (--from), or null.</param>
    public static async Task RunAsync(BuildContext context, int? fromStage, CancellationToken cancellationToken)
    {
        var stages = BuildStages.All();
        var state = context.State;
        foreach (var stage in stages)
        {
            if (state.Find(stage.Name) is null) state.Stages.Add(new StageRecord { Name = stage.Name });
        }
        state.Stages.Sort((a, b) => IndexOf(a.Name).CompareTo(IndexOf(b.Name)));
        state.ToolVersion = ToolVersion;
        Save(context);
        // Ctrl-C: record the stage as cancelled at once. The stage stops at its next cancellation check, but the
        // command line gives a process only a moment after Ctrl-C, and a long training step can outlast it.
        using var onCancel = cancellationToken.Register(() => RecordCancellation(context));

        for (int i = 0; i < stages.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stage = stages[i];
            var record = state.Get(stage.Name);
            string inputHash = InputHash(context, stage);
            bool forced = fromStage is { } from && i >= from;
            context.Observer.StageStarting(i + 1, stages.Count, stage.Name, stage.Description);
            if (!forced && record.IsComplete && record.InputHash == inputHash && OutputHash(context, stage) == record.OutputHash)
            {
                record.Status = StageStatus.Skipped;
                Save(context);
                context.Observer.StageSkipped(record);
                continue;
            }

            string folder = context.StageDirectory(stage.Name);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            record.Status = StageStatus.Running;
            record.InputHash = null;
            record.OutputHash = null;
            record.Error = null;
            record.Outputs = [];
            record.Metrics.Clear();
            Save(context);
            var clock = Stopwatch.StartNew();
            StageOutcome outcome;
            try
            {
                outcome = await stage.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                record.Status = StageStatus.Cancelled;
                record.Seconds = clock.Elapsed.TotalSeconds;
                Save(context);
                throw;
            }
            catch (Exception e)
            {
                record.Status = StageStatus.Failed;
                record.Error = e.Message;
                record.Seconds = clock.Elapsed.TotalSeconds;
                Save(context);
                throw;
            }
            record.Status = StageStatus.Done;
            record.InputHash = inputHash;
            record.OutputHash = OutputHash(context, stage);
            record.Outputs = outcome.Outputs.Select(o => o.Replace('\\', '/')).ToList();
            record.Metrics = new SortedDictionary<string, double>(outcome.Metrics.ToDictionary(), StringComparer.Ordinal);
            record.Seconds = clock.Elapsed.TotalSeconds;
            record.CompletedUtc = DateTimeOffset.UtcNow;
            Save(context);
            context.Observer.StageFinished(record);
        }
        BuildIndexPage.Write(context);
    }

    /// <summary>Runs on the thread that saw Ctrl-C; never throws, since that would end the process before the state is saved.</summary>
    private static void RecordCancellation(BuildContext context)
    {
        try
        {
            string? stopped = null;
            lock (context.State)
            {
                foreach (var r in context.State.Stages)
                {
                    if (r.Status != StageStatus.Running) continue;
                    r.Status = StageStatus.Cancelled;
                    stopped = r.Name;
                }
                context.State.Write(context.OutputDirectory);
            }
            context.Observer.Stopping(stopped);
        }
        catch (Exception e)
        {
            context.Observer.Warning($"could not record the cancellation in {BuildState.FileName}: {e.Message}");
        }
    }

    private static void Save(BuildContext context)
    {
        lock (context.State)
        {
            context.State.Write(context.OutputDirectory);
        }
    }

    /// <summary>What a stage is built from: the tool version, its recipe section, the files it reads outside the build and its upstream stages' output hashes.</summary>
    internal static string InputHash(BuildContext context, IBuildStage stage)
    {
        using var hash = new ContentHash();
        hash.AddText("tool", ToolVersion);
        hash.AddText("stage", stage.Name);
        hash.AddText("recipe", stage.RecipeSection(context));
        foreach (string upstream in stage.Upstream)
        {
            hash.AddText(upstream, context.State.Find(upstream)?.OutputHash ?? "none");
        }
        foreach (string file in stage.InputFiles(context))
        {
            hash.AddText("input", file);
            hash.AddPath(file, Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/");
        }
        return hash.Finish();
    }

    internal static string OutputHash(BuildContext context, IBuildStage stage)
    {
        using var hash = new ContentHash();
        foreach (string output in stage.HashedOutputs(context))
        {
            hash.AddPath(output, context.OutputDirectory);
        }
        return hash.Finish();
    }

    private static int IndexOf(string name)
    {
        int i = 0;
        foreach (string n in BuildStages.Names)
        {
            if (n == name) return i;
            i++;
        }
        return int.MaxValue;
    }

    /// <summary>Refuses a build folder that holds other files: a stage empties its folder before it runs.</summary>
    public static void CheckOutputDirectory(string outputDirectory)
    {
        if (!Directory.Exists(outputDirectory) || File.Exists(Path.Combine(outputDirectory, BuildState.FileName))) return;
        foreach (string name in BuildStages.Names)
        {
            if (Directory.Exists(Path.Combine(outputDirectory, name)))
            {
                throw new WrenException($"--out {outputDirectory}: it has a '{name}' folder but no {BuildState.FileName}, so it was not made by wren build; choose a new folder (stages empty their folder before they run)");
            }
        }
    }
}
