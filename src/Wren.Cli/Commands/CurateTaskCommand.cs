using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Wren.Cli.Terminal;
using Wren.Data.Curation.Pipeline;

namespace Wren.Cli.Commands;

/// <summary>
/// <c>wren curate-task</c> (hidden): runs one task of a prepared curation run. Cluster executors
/// put it in their job scripts; it is not meant to be typed.
/// </summary>
internal static class CurateTaskCommand
{
    internal static Command Create(CliConsole console)
    {
        var stage = new Option<string>("--stage") { Description = "Stage name: map, signatures, buckets, cluster or finalize.", Required = true };
        var task = new Option<int>("--task") { Description = "Task index (the input shard for per-shard stages).", Required = true };
        var workdir = new Option<string>("--workdir") { Description = "The run's output folder, as prepared by wren curate.", Required = true };
        var command = new Command("curate-task",
            "Run one task of a curation run that 'wren curate --executor slurm' prepared (used in its job scripts); skips a task already done.\n" +
            "Example: wren curate-task --stage map --task 0 --workdir out/curated-run")
        {
            Hidden = true,
        };
        command.Options.Add(stage);
        command.Options.Add(task);
        command.Options.Add(workdir);
        CliAction.Set(command, console, (parseResult, cancellationToken) =>
        {
            string name = parseResult.GetValue(stage)!;
            int index = parseResult.GetValue(task);
            var clock = Stopwatch.StartNew();
            bool ran = CurationPipeline.RunTask(parseResult.GetValue(workdir)!, name, index, cancellationToken);
            console.WriteLine(ran
                ? string.Create(CultureInfo.InvariantCulture, $"wren curate-task: {name} task {index} done in {clock.Elapsed.TotalSeconds:0.0} s on {Environment.MachineName}")
                : $"wren curate-task: {name} task {index} was already done");
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
