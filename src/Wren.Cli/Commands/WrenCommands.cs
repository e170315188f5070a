using System.CommandLine;
using Wren.Cli.Commands.Tasks;

namespace Wren.Cli.Commands;

/// <summary>Every verb of the <c>wren</c> command, in the order of the data flow.</summary>
internal static class WrenCommands
{
    public static IEnumerable<Command> All()
    {
        yield return BuildCommand.Create();
        yield return InitCommand.Create();
        yield return IngestCommand.Create();
        yield return CurateCommand.Create();
        yield return CurateTaskCommand.Create();
        yield return QualityCommand.Create();
        yield return TaskCommand.Create();
        yield return TokenizerCommand.Create();
        yield return TokenizeCommand.Create();
        yield return TrainCommand.Create();
        yield return FinetuneCommand.Create();
        yield return HandoffCommand.Create();
        yield return ImportCommand.Create();
        yield return MergeCommand.Create();
        yield return EvalCommand.Create();
        yield return PlanCommand.Create();
        yield return ExportCommand.Create();
        yield return QuantizeCommand.Create();
        yield return GenerateCommand.Create();
        yield return ChatCommand.Create();
        yield return ServeCommand.Create();
    }
}
