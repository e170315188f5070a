using System.Globalization;
using Spectre.Console;
using Wren.Edge;
using Wren.Edge.Web;
using Wren.Edge.Worker;
using Wren.Export.Gguf;
using Wren.Export.HuggingFace;
using Wren.Pipeline.Build;
using Wren.Runtime.Quantization;
using Wren.Training.Lora;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren export gguf|hf</c>, <c>wren quantize</c> and <c>wren import</c> print (also in <c>wren build</c>'s export stage): the file or folder, its shape and size.</summary>
internal static class ExportSummary
{
    public static void Hf(IAnsiConsole console, HfExportResult result)
    {
        var table = SummaryTable.Create();
        table.AddRow("folder", Markup.Escape(result.OutputDirectory));
        table.AddRow("architecture", result.Architecture);
        table.AddRow("parameters", result.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("weights", $"{result.TensorCount} tensors, {HfModelExporter.TorchDTypeName(result.DType)}, {ByteSize.Format(result.WeightBytes)} in {result.ShardCount} file(s)");
        table.AddRow("files", Markup.Escape(string.Join(", ", result.Files)));
        table.AddRow("time", $"{result.Elapsed.TotalSeconds:F1} s");
        console.Write(table);
    }

    public static void Gguf(IAnsiConsole console, GgufExportResult result, GgufExportType type)
    {
        var table = SummaryTable.Create();
        table.AddRow("file", Markup.Escape(result.OutputPath));
        table.AddRow("architecture", result.Architecture);
        table.AddRow("type", type.ToString().ToLowerInvariant());
        table.AddRow("parameters", result.ParameterCount.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("size", ByteSize.Format(result.FileBytes));
        table.AddRow("tensors", string.Join(", ", result.TensorsByType.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {GgmlTypeTraits.Name(kv.Key)}")));
        table.AddRow("time", $"{result.Elapsed.TotalSeconds:F1} s");
        console.Write(table);
        if (result.Fallbacks.Count > 0)
        {
            console.MarkupLine($"[yellow]{result.Fallbacks.Count} tensor(s) could not take the requested type[/] (as llama.cpp does):");
            SummaryTable.WriteSome(console, [.. result.Fallbacks.Select(Markup.Escape)], 8);
        }
    }

    /// <summary><c>wren import --checkpoint</c>: what was read and checked, the folder written, what to run next.</summary>
    public static void Imported(IAnsiConsole console, HfImportResult result)
    {
        console.MarkupLine($"imported [blue]{Markup.Escape(result.SourceDirectory)}[/] ({string.Join(", ", result.SourceDTypes)} in {result.SourceFiles} file(s)); checked: architecture, tensors and shapes, tokenizer, finite logits");
        Hf(console, result.Written);
        console.MarkupLine($"next: [blue]wren generate --model {Markup.Escape(result.Written.OutputDirectory)}[/], wren eval, wren export gguf");
    }

    /// <summary><c>wren import --adapter</c>: the adapter, the checks it passed, the merged folder.</summary>
    public static void AdapterImported(IAnsiConsole console, PeftAdapterImportResult imported)
    {
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"imported LoRA r={imported.Settings.Rank}, alpha={imported.Settings.Alpha} ({Markup.Escape(string.Join(", ", imported.Settings.Targets))}; {imported.Tensors} tensors, {string.Join(", ", imported.DTypes)}); " +
            $"checked: tensors and shapes against the base, loss with the adapter {imported.AdapterLoss:0.######} = merged {imported.MergedLoss:0.######}"));
        console.MarkupLine($"wrote [green]{Markup.Escape(imported.OutputFolder)}[/] (merged; the adapter in adapter/); next: [blue]wren generate --model {Markup.Escape(imported.OutputFolder)}[/], wren eval");
    }

    public static void Web(IAnsiConsole console, WebExportResult result, GgufExportType type)
    {
        var table = SummaryTable.Create();
        table.AddRow("site", Markup.Escape(result.OutputDirectory));
        table.AddRow("model", $"{Markup.Escape(result.ModelName)}, {ByteSize.Format(result.ModelBytes)} ({type.ToString().ToLowerInvariant()})");
        table.AddRow("engine", Markup.Escape(EdgeEngine.Description));
        table.AddRow("files", $"{result.Files.Count}, {ByteSize.Format(result.TotalBytes)} in all");
        table.AddRow("time", $"{result.Elapsed.TotalSeconds:F1} s");
        console.Write(table);
        console.MarkupLine($"Try it: [blue]python3 -m http.server -d {Markup.Escape(result.OutputDirectory)} 8000[/] and open http://localhost:8000 (a browser gives threads only with the COOP/COEP headers in _headers).");
    }

    public static void Worker(IAnsiConsole console, WorkerExportResult result, WorkerExportOptions options)
    {
        var table = SummaryTable.Create();
        table.AddRow("project", Markup.Escape(result.OutputDirectory));
        table.AddRow("worker", Markup.Escape(result.WorkerName));
        table.AddRow("model", $"{Markup.Escape(result.ModelName)}, {ByteSize.Format(result.ModelBytes)} ({options.Type.ToString().ToLowerInvariant()})");
        table.AddRow("model source", result.ModelSource == WorkerModelSource.Bundle ? "bundled" : Markup.Escape($"R2 bucket {options.Bucket}, key {result.ModelKey}"));
        table.AddRow("upload", $"{(result.BundleGzipBytes / 1e6).ToString("F1", CultureInfo.InvariantCulture)} MB gzip-compressed");
        table.AddRow("time", $"{result.Elapsed.TotalSeconds:F1} s");
        console.Write(table);
        console.MarkupLine($"Next: [blue]cd {Markup.Escape(result.OutputDirectory)} && npm install && npx wrangler dev[/] (README.md says how to deploy{(result.ModelSource == WorkerModelSource.R2 ? " and upload the model to R2" : "")}).");
    }
}
