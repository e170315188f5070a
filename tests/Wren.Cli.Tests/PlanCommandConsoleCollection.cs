namespace Wren.Cli.Tests;

/// <summary>Tests that redirect the process-wide console run alone, never beside another test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlanCommandConsoleCollection
{
    public const string Name = "wren plan console output";
}
