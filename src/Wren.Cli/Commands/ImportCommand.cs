using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Export.HuggingFace;

namespace Wren.Cli.Commands;

/// <summary><c>wren import</c>: a checkpoint trained elsewhere (torchrun, transformers) back into a Wren model folder.</summary>
internal static class ImportCommand
{
    internal static Command Create(CliConsole console)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "A Hugging Face checkpoint folder (save_pretrained output, single or sharded, F32/F16/BF16), or a folder of them (its final/, else newest checkpoint-N/)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The Wren model folder to write", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Weight type of the imported model: f32 | f16 | bf16", DefaultValueFactory = _ => "f32" };
        var command = new Command("import",
            "Bring a checkpoint trained elsewhere (e.g. by the train.py of wren handoff torchrun) back for wren eval, export and serve. " +
            "Checks the architecture (Llama, Qwen2, Mistral), that every tensor the config implies is there with its shape, the weight types, " +
            "the tokenizer and that the model computes finite logits, then writes one model folder.\n\n" +
            "Example: wren import --checkpoint runs/small/handoff-torchrun/checkpoints/final --out models/small-gpu");
        command.Options.Add(checkpoint);
        command.Options.Add(output);
        command.Options.Add(dtype);
        CliAction.Set(command, console, (parse, ct) =>
        {
            var options = new HfImportOptions
            {
                CheckpointDirectory = parse.GetValue(checkpoint)!,
                OutputDirectory = parse.GetValue(output)!,
                DType = HfModelExporter.ParseDType(parse.GetValue(dtype)!),
            };
            HfImportResult result;
            using (var progress = new SpectreProgressSink(console.Out))
                result = HfCheckpointImporter.Import(options, progress, ct);
            console.Out.MarkupLine($"imported [blue]{Markup.Escape(result.SourceDirectory)}[/] ({string.Join(", ", result.SourceDTypes)} in {result.SourceFiles} file(s)); checked: architecture, tensors and shapes, tokenizer, finite logits");
            ExportCommand.PrintSummary(console.Out, result.Written);
            console.Out.MarkupLine($"next: [blue]wren generate --model {Markup.Escape(result.Written.OutputDirectory)}[/], wren eval, wren export gguf");
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
