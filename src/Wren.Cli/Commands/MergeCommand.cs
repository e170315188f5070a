using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Training.Lora;

namespace Wren.Cli.Commands;

/// <summary><c>wren merge</c>: fold a PEFT LoRA adapter into its base model (PEFT's merge_and_unload).</summary>
internal static class MergeCommand
{
    internal static Command Create(CliConsole console)
    {
        var baseModel = new Option<string>("--base", "-b") { Description = "Base model folder (config.json + model.safetensors, any float dtype), or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing)", Required = true };
        var adapter = new Option<string>("--adapter", "-a") { Description = "PEFT adapter folder (adapter_config.json + adapter_model.safetensors), e.g. RUN/model from wren finetune, or ORG/NAME of an adapter on the Hugging Face hub", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output folder: a full float32 Hugging Face model (config, weights, generation config, tokenizer files)", Required = true };
        var command = new Command("merge",
            "Fold LoRA adapters into the base weights (W += alpha/r B A) and write a standalone Hugging Face model folder that transformers, wren serve and wren export load without PEFT.\n" +
            "Example: wren merge --base models/qwen2-0.5b --adapter runs/support-bot/model --out models/support-bot");
        command.Options.Add(baseModel);
        command.Options.Add(adapter);
        command.Options.Add(output);
        CliAction.Set(command, console, async (parse, ct) =>
        {
            string outFolder = parse.GetValue(output)!;
            string baseFolder = await ModelArgument.LocalPathAsync(console, parse.GetValue(baseModel)!, ct);
            string adapterFolder = await ModelArgument.LocalPathAsync(console, parse.GetValue(adapter)!, ct);
            var settings = PeftAdapter.ReadSettings(adapterFolder);
            PeftAdapter.Merge(baseFolder, adapterFolder, outFolder);
            console.Out.MarkupLine($"merged LoRA r={settings.Rank}, alpha={settings.Alpha} ({Markup.Escape(string.Join(", ", settings.Targets))}) into [green]{Markup.Escape(outFolder)}[/]");
            return CliAction.Ok;
        });
        return command;
    }
}
