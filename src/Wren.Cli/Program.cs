using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Commands;
using Wren.Cli.Terminal;

namespace Wren.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) =>
        Run(args, new CliConsole(AnsiConsole.Console, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), Console.In));

    /// <summary>Entry point shared with tests, which run verbs in-process on a console of their own.</summary>
    internal static Task<int> Run(string[] args, CliConsole console)
    {
        ParseResult parse = CreateRoot(console).Parse(args);
        if (UnknownOption.Find(parse) is { } error)
        {
            console.ErrorLine("wren: error: " + error);
            return Task.FromResult(CliAction.UserError);
        }
        return parse.InvokeAsync(new InvocationConfiguration { Output = console.Out.Profile.Out.Writer, Error = console.Error.Profile.Out.Writer });
    }

    /// <summary>The <c>wren</c> command with every verb.</summary>
    internal static RootCommand CreateRoot(CliConsole console)
    {
        var root = new RootCommand(
            "Wren turns an organization's own data into a small language model that it owns and runs anywhere.\n\n" +
            "Start here: wren build --out out/ (every stage on the bundled sample; wren init writes a recipe for your own data).\n" +
            "Stages: ingest -> curate -> tokenizer/tokenize -> train -> eval -> export -> generate/chat/serve; plan prices a bigger run.\n" +
            "Run 'wren VERB --help' for each verb's options and an example.");
        foreach (Command command in WrenCommands.All(console))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }
}
