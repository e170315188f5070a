using System.CommandLine;
using Wren.Cli.Commands;

namespace Wren.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Run(args);

    /// <summary>Entry point shared with tests, which run verbs in-process.</summary>
    public static Task<int> Run(string[] args)
    {
        ParseResult parse = CreateRoot().Parse(args);
        if (UnknownOption.Find(parse) is { } error)
        {
            Console.Error.WriteLine("wren: error: " + error);
            return Task.FromResult(CliAction.UserError);
        }
        return parse.InvokeAsync();
    }

    /// <summary>The <c>wren</c> command with every verb.</summary>
    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "Wren turns an organization's own data into a small language model that it owns and runs anywhere.\n\n" +
            "Start here: wren build --out out/ (every stage on the bundled sample; wren init writes a recipe for your own data).\n" +
            "Stages: ingest -> curate -> tokenizer/tokenize -> train -> eval -> export -> generate/chat/serve; plan prices a bigger run.\n" +
            "Run 'wren VERB --help' for each verb's options and an example.");
        foreach (Command command in WrenCommands.All())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }
}
