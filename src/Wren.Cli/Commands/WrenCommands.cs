using System.CommandLine;
using Wren.Cli.Commands.Tasks;
using Wren.Cli.Terminal;
using Wren.Verbs;

namespace Wren.Cli.Commands;

/// <summary>Every verb of the <c>wren</c> command, in the order of the data flow.</summary>
internal static class WrenCommands
{
    public static IEnumerable<Command> All(CliConsole console)
    {
        yield return BuildCommand.Create(console);
        yield return InitCommand.Create(console);
        yield return ExploreCommand.Create(console);
        yield return IngestCommand.Create(console);
        yield return CurateCommand.Create(console);
        yield return CurateTaskCommand.Create(console);
        yield return QualityCommand.Create(console);
        yield return TaskCommand.Create(console);
        yield return TokenizerCommand.Create(console);
        yield return TokenizeCommand.Create(console);
        yield return TrainCommand.Create(console);
        yield return PullCommand.Create(console);
        yield return FinetuneCommand.Create(console);
        yield return ExamplesCommand.Create(console);
        yield return HandoffCommand.Create(console);
        yield return ImportCommand.Create(console);
        yield return MergeCommand.Create(console);
        yield return EvalCommand.Create(console);
        yield return PlanCommand.Create(console);
        yield return ExportCommand.Create(console);
        yield return QuantizeCommand.Create(console);
        yield return GenerateVerb.Create(console.VerbHost());
        yield return ChatVerb.Create(console.VerbHost());
        yield return ServeVerb.Create(console.VerbHost());
    }
}
