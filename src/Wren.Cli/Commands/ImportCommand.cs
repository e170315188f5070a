using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Export.HuggingFace;
using Wren.Training.Lora;

namespace Wren.Cli.Commands;

/// <summary><c>wren import</c>: a checkpoint trained elsewhere (torchrun, transformers) back into a Wren model folder.</summary>
internal static class ImportCommand
{
    internal static Command Create(CliConsole console)
    {
        var checkpoint = new Option<string?>("--checkpoint", "-c") { Description = "A Hugging Face checkpoint folder (save_pretrained output, single or sharded, F32/F16/BF16), or a folder of them (its final/, else newest checkpoint-N/)" };
        var adapter = new Option<string?>("--adapter", "-a") { Description = "A PEFT LoRA adapter folder (adapter_config.json + adapter_model.safetensors), e.g. OUT/final of wren handoff finetune; needs --base" };
        var baseModel = new Option<string?>("--base", "-b") { Description = "The base model the adapter was trained on (Hugging Face folder)" };
        var output = new Option<string>("--out", "-o") { Description = "The Wren model folder to write", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Weight type of the imported model: f32 | f16 | bf16", DefaultValueFactory = _ => "f32" };
        var command = new Command("import",
            "Bring a checkpoint trained elsewhere (e.g. by the train.py of wren handoff torchrun) back for wren eval, export and serve. " +
            "Checks the architecture (Llama, Qwen2, Mistral, Qwen3, SmolLM3), that every tensor the config implies is there with its shape, the weight types, " +
            "the tokenizer and that the model computes finite logits, then writes one model folder.\n\n" +
            "With --adapter and --base, a LoRA adapter from a GPU fine-tune: its tensors are checked against the base, the base with the adapter applied " +
            "computes the same loss as the merged model, and the merged model is written with the adapter in OUT/adapter/.\n\n" +
            "Example: wren import --checkpoint runs/small/handoff-torchrun/checkpoints/final --out models/small-gpu\n" +
            "Example: wren import --adapter gpu/replies/checkpoints/final --base models/qwen2.5-0.5b --out models/replies");
        command.Options.Add(checkpoint);
        command.Options.Add(adapter);
        command.Options.Add(baseModel);
        command.Options.Add(output);
        command.Options.Add(dtype);
        CliAction.Set(command, console, (parse, ct) =>
        {
            if (parse.GetValue(adapter) is { } adapterFolder)
            {
                string baseFolder = parse.GetValue(baseModel) ?? throw new Runtime.WrenException("--adapter needs --base, the model the adapter was trained on");
                var imported = PeftAdapterImporter.Import(adapterFolder, baseFolder, parse.GetValue(output)!);
                ExportSummary.AdapterImported(console.Out, imported);
                return Task.FromResult(CliAction.Ok);
            }

            var options = new HfImportOptions
            {
                CheckpointDirectory = parse.GetValue(checkpoint) ?? throw new Runtime.WrenException("give --checkpoint (a full model) or --adapter with --base (a LoRA adapter)"),
                OutputDirectory = parse.GetValue(output)!,
                DType = HfModelExporter.ParseDType(parse.GetValue(dtype)!),
            };
            var result = SpectreProgressSink.Show(console.Out, progress => HfCheckpointImporter.Import(options, progress, ct));
            ExportSummary.Imported(console.Out, result);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
