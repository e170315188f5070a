using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Export.Gguf;
using Wren.Export.HuggingFace;
using Wren.Pipeline.Build;
using Wren.Training.Checkpoints;

namespace Wren.Cli.Commands;

/// <summary><c>wren export gguf</c>: a Hugging Face model folder to a GGUF file for llama.cpp, Ollama and LM Studio.</summary>
internal static class ExportCommand
{
    internal static Command Create(CliConsole console)
    {
        var export = new Command("export", "Export a trained model to a format other tools run: GGUF for llama.cpp/Ollama, a Hugging Face folder for transformers/vLLM, a static web site that runs it in a browser tab, or a Cloudflare Workers project that serves it at the edge.\n\nExample: wren export gguf --model out/model --type q8_0 --out model.gguf\nExample: wren export web --model out/model --out site/");
        export.Subcommands.Add(CreateGguf(console, "gguf",
            "Write a GGUF file that llama.cpp, Ollama and LM Studio load: Llama/Mistral (as 'llama') or Qwen2 " +
            "architecture, the byte-level BPE tokenizer and chat template, weights in the chosen type " +
            "(norms and biases stay F32; rows that do not fit a block size fall back as llama.cpp does).\n\n" +
            "Types: f32, f16, bf16, q8_0 (as convert_hf_to_gguf.py), q4_0, q4_1, q5_1 and q4_k (llama-quantize's Q4_0, Q4_1, Q5_1 and Q4_K_M mixes).\n\n" +
            "Example: wren export gguf --model out/model --type q8_0 --out model.gguf"));
        export.Subcommands.Add(CreateHf(console));
        export.Subcommands.Add(ExportEdgeCommands.CreateWeb(console));
        export.Subcommands.Add(ExportEdgeCommands.CreateWorker(console));
        return export;
    }

    /// <summary><c>wren export hf</c>: a transformers-loadable folder from a run, a checkpoint, a merged or an imported model.</summary>
    internal static Command CreateHf(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "A wren train run folder (its final model, else best/, else the newest checkpoint), a checkpoint, a wren merge output or any model folder, or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write (appears complete or not at all; an earlier export there is replaced)", Required = true };
        var dtype = new Option<string>("--dtype") { Description = "Weight type: f32 | f16 | bf16 (bf16 is what most GPU stacks load by default)", DefaultValueFactory = _ => "f32" };
        var shard = new Option<double>("--max-shard-gb") { Description = "Split weights above this many GB into shards with model.safetensors.index.json, as save_pretrained does", DefaultValueFactory = _ => 5.0 };
        var command = new Command("hf",
            "Write a Hugging Face model folder that transformers (4.x and 5.x), vLLM and llama.cpp's converter load: config.json (transformers 4 spelling), " +
            "model.safetensors (or shards), generation_config.json, tokenizer.json, tokenizer_config.json with the chat template, special_tokens_map.json. " +
            "Weights and tokenizer are checked through Wren's runtime first.\n\n" +
            "Then in Python: AutoModelForCausalLM.from_pretrained(\"DIR\"), AutoTokenizer.from_pretrained(\"DIR\").\n\n" +
            "Example: wren export hf --model runs/small --out exports/small-hf --dtype bf16");
        command.Options.Add(model);
        command.Options.Add(output);
        command.Options.Add(dtype);
        command.Options.Add(shard);
        CliAction.Set(command, console, async (parseResult, cancellationToken) =>
        {
            var (folder, what) = RunModelLocator.Resolve(await ModelArgument.LocalPathAsync(console, parseResult.GetValue(model)!, cancellationToken));
            double shardGb = parseResult.GetValue(shard);
            if (!(shardGb > 0)) throw new Runtime.WrenException($"--max-shard-gb must be positive, got {shardGb}");
            var options = new HfExportOptions
            {
                ModelDirectory = folder,
                OutputDirectory = parseResult.GetValue(output)!,
                DType = HfModelExporter.ParseDType(parseResult.GetValue(dtype)!),
                MaxShardBytes = (long)(shardGb * 1e9),
            };
            console.Out.MarkupLine($"exporting the {Markup.Escape(what)}: [blue]{Markup.Escape(folder)}[/]");
            var result = SpectreProgressSink.Show(console.Out, progress => HfModelExporter.Export(options, progress, cancellationToken));
            ExportSummary.Hf(console.Out, result);
            return CliAction.Ok;
        });
        return command;
    }

    /// <summary>The export verb itself, shared with <c>wren quantize</c>.</summary>
    internal static Command CreateGguf(CliConsole console, string name, string description, bool quantizedOnly = false)
    {
        var model = new Option<string>("--model", "-m") { Description = "Hugging Face model folder (config.json, model.safetensors or shards, tokenizer.json), or ORG/NAME on the hub (pulled when missing)", Required = true };
        var type = new Option<string>("--type", "-t") { Description = quantizedOnly ? "q8_0 | q4_0 | q4_1 | q5_1 | q4_k" : "f32 | f16 | bf16 | q8_0 | q4_0 | q4_1 | q5_1 | q4_k", DefaultValueFactory = _ => quantizedOnly ? "q8_0" : "f16" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The .gguf file to write (written atomically)", Required = true };
        var modelName = new Option<string?>("--name") { Description = "general.name stored in the file (default: the model folder's name)" };
        var command = new Command(name, description);
        command.Options.Add(model);
        command.Options.Add(type);
        command.Options.Add(output);
        command.Options.Add(modelName);
        CliAction.Set(command, console, async (parseResult, cancellationToken) =>
        {
            GgufExportType exportType = GgufExportTypes.Parse(parseResult.GetValue(type)!, quantizedOnly);
            var options = new GgufExportOptions
            {
                ModelDirectory = Path.GetFullPath(await ModelArgument.LocalPathAsync(console, parseResult.GetValue(model)!, cancellationToken)),
                OutputPath = parseResult.GetValue(output)!.FullName,
                Type = exportType,
                Name = parseResult.GetValue(modelName),
            };
            var result = SpectreProgressSink.Show(console.Out, progress => GgufExporter.Export(options, progress, cancellationToken));
            ExportSummary.Gguf(console.Out, result, exportType);
            return CliAction.Ok;
        });
        return command;
    }
}
