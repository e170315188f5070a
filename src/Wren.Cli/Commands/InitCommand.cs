using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Pipeline.Build.Recipe;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Cli.Commands;

/// <summary><c>wren init</c>: writes the default build recipe with every setting commented.</summary>
internal static class InitCommand
{
    internal static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out", "-o") { Description = "Where to write the recipe", DefaultValueFactory = _ => BuildRecipeYaml.DefaultFileName };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file" };
        var command = new Command("init",
            "Write the default wren build recipe (sources, curation, tokenizer, model, training budget, eval, export, cost plan), every setting commented.\n" +
            "Example: wren init --out wren.yaml && wren build --recipe wren.yaml --out out/");
        command.Options.Add(output);
        command.Options.Add(force);
        CliAction.Set(command, console, (parse, ct) =>
        {
            string path = parse.GetValue(output)!;
            if (File.Exists(path) && !parse.GetValue(force)) throw new WrenException($"{path} exists; pass --force to overwrite it");
            AtomicFile.WriteAllText(path, BuildRecipeYaml.DefaultWithComments());
            console.Out.MarkupLine($"Wrote the default recipe to [bold]{Markup.Escape(path)}[/]; edit it, then: wren build --recipe {Markup.Escape(path)} --out out/");
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
