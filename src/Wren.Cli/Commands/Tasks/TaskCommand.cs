using System.CommandLine;
using Wren.Cli.Terminal;

namespace Wren.Cli.Commands.Tasks;

/// <summary><c>wren task</c>: build a task's examples, train a model for it, and measure it against baselines.</summary>
internal static class TaskCommand
{
    internal static Command Create(CliConsole console)
    {
        var command = new Command("task",
            "A targeted task, end to end: examples from your records and mail (wren task data), a small model trained for it " +
            "(wren task train), and its accuracy beside the baselines you would compare it with (wren task eval). Tasks classify (a label), " +
            "generate (text: a reply, an answer) or extract (a JSON object following a schema).\n" +
            "Example: wren task data mail/ --from mail-headers --label-header List-Id --rare drop --out tasks/route\n" +
            "         wren task train --data tasks/route --out runs/route --time 5m\n" +
            "         wren task eval --model runs/route --data tasks/route --out runs/route/eval\n" +
            "         wren task data mail/ --from mail-replies --out tasks/replies && wren task train --data tasks/replies --base models/SmolLM2-135M-Instruct --out runs/replies");
        command.Subcommands.Add(TaskDataCommand.Create(console));
        command.Subcommands.Add(TaskTrainCommand.Create(console));
        command.Subcommands.Add(TaskEvalCommand.Create(console));
        return command;
    }
}
