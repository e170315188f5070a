using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Edge.Npm;
using Wren.Edge.Web;
using Wren.Edge.Worker;
using Wren.Pipeline.Build;
using Wren.Runtime;
using Wren.Export.Gguf;
using Wren.Training.Checkpoints;

namespace Wren.Cli.Commands;

/// <summary><c>wren export web</c> and <c>wren export worker</c>: the model in a browser tab and at a CDN edge.</summary>
internal static class ExportEdgeCommands
{
    internal static Command CreateWeb(CliConsole console)
    {
        var model = ModelOption();
        var output = new Option<string>("--out", "-o") { Description = "The site folder to write (appears complete or not at all; an earlier export there is replaced)", Required = true };
        var type = TypeOption();
        var name = NameOption("The model's name on the page");
        var engineFrom = EngineFromOption();
        var command = new Command("web",
            "Write a static web site that runs the model in the visitor's browser tab, with no server of yours: index.html (a chat page " +
            "that streams answers and shows tokens/s), window.wren (generate and chat from other pages), llama.cpp's WebAssembly build, " +
            "the model as GGUF, its tokenizer and chat template (run in JavaScript, the same token ids as Wren). The model is kept in the " +
            "browser's cache after the first visit, and the page works offline. Hosts that send the COOP/COEP headers (the site's _headers " +
            "file sets them on Netlify and Cloudflare Pages) give it threads; others get one thread.\n\n" +
            "The engine's files come from npm (@wllama/wllama, @huggingface/tokenizers, @huggingface/jinja, pinned and checked): downloaded " +
            "once into ~/.cache/wren/npm, or taken from --engine-from.\n\n" +
            "Publish: copy the folder to any static host (GitHub Pages, Netlify, Cloudflare Pages, S3 + CloudFront, nginx).\n\n" +
            "Example: wren export web --model out/train/model --out site/ && python3 -m http.server -d site 8000");
        foreach (Option o in new Option[] { model, output, type, name, engineFrom }) command.Options.Add(o);
        CliAction.Set(command, console, async (parse, ct) =>
        {
            var (folder, what) = RunModelLocator.Resolve(await ModelArgument.LocalPathAsync(console, parse.GetValue(model)!, ct));
            var options = new WebExportOptions
            {
                ModelDirectory = folder,
                OutputDirectory = parse.GetValue(output)!,
                Type = ParseType(parse.GetValue(type)!),
                Name = parse.GetValue(name),
            };
            console.Out.MarkupLine($"exporting the {Markup.Escape(what)} for the browser: [blue]{Markup.Escape(folder)}[/]");
            var result = SpectreProgressSink.Show(console.Out, progress => WebSiteExporter.Export(options, new NpmPackageStore(parse.GetValue(engineFrom)), progress, ct));
            ExportSummary.Web(console.Out, result, options.Type);
            return CliAction.Ok;
        });
        return command;
    }

    internal static Command CreateWorker(CliConsole console)
    {
        var model = ModelOption();
        var output = new Option<string>("--out", "-o") { Description = "The project folder to write (appears complete or not at all)", Required = true };
        var type = TypeOption();
        var name = NameOption("The model's id in /v1/models");
        var engineFrom = EngineFromOption();
        var source = new Option<string>("--model-source") { Description = "auto (bundled when the upload stays under --max-bundle-mb, else R2) | bundle | r2", DefaultValueFactory = _ => "auto" };
        source.AcceptOnlyFromAmong("auto", "bundle", "r2");
        var bucket = new Option<string>("--bucket") { Description = "The R2 bucket that holds the model when it is not bundled", DefaultValueFactory = _ => "wren-models" };
        var maxBundle = new Option<double>("--max-bundle-mb") { Description = "Workers' script size limit, gzip-compressed: 10 on the paid plan, 3 on the free one", DefaultValueFactory = _ => 10 };
        var command = new Command("worker",
            "Write a Cloudflare Workers project (module worker, wrangler.toml) that answers OpenAI's /v1/chat/completions (JSON and streaming), " +
            "/v1/completions and /v1/models from the model running inside the worker, in WebAssembly (llama.cpp's build, one thread: Workers " +
            "have none, and compile WebAssembly only from the upload). The model is bundled when the upload fits the script limit, else read " +
            "from R2 once per isolate. An isolate has 128 MB of memory: models up to about 40 MB fit.\n\n" +
            "Then: cd DIR && npm install && npx wrangler dev (local, in workerd) or npx wrangler deploy.\n\n" +
            "Example: wren export worker --model out/train/model --out edge/");
        foreach (Option o in new Option[] { model, output, type, name, engineFrom, source, bucket, maxBundle }) command.Options.Add(o);
        CliAction.Set(command, console, async (parse, ct) =>
        {
            var (folder, what) = RunModelLocator.Resolve(await ModelArgument.LocalPathAsync(console, parse.GetValue(model)!, ct));
            double mb = parse.GetValue(maxBundle);
            if (!(mb > 0)) throw new WrenException($"--max-bundle-mb must be positive, got {mb}");
            var options = new WorkerExportOptions
            {
                ModelDirectory = folder,
                OutputDirectory = parse.GetValue(output)!,
                Type = ParseType(parse.GetValue(type)!),
                Name = parse.GetValue(name),
                ModelSource = Enum.Parse<WorkerModelSource>(parse.GetValue(source)!, ignoreCase: true),
                Bucket = parse.GetValue(bucket)!,
                MaxBundleBytes = (long)(mb * 1e6),
            };
            console.Out.MarkupLine($"exporting the {Markup.Escape(what)} for Cloudflare Workers: [blue]{Markup.Escape(folder)}[/]");
            var result = SpectreProgressSink.Show(console.Out, progress => WorkerProjectExporter.Export(options, new NpmPackageStore(parse.GetValue(engineFrom)), progress, ct));
            ExportSummary.Worker(console.Out, result, options);
            return CliAction.Ok;
        });
        return command;
    }

    private static Option<string> ModelOption() =>
        new("--model", "-m") { Description = "A wren train run folder (its final model, else best/, else the newest checkpoint) or any Hugging Face model folder, or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing)", Required = true };

    private static Option<string> TypeOption()
    {
        var type = new Option<string>("--type", "-t") { Description = "Weights in the GGUF the browser runs: q8_0 (a quarter of f32, greedy output kept) | q4_0 (smallest) | f16 | f32", DefaultValueFactory = _ => "q8_0" };
        type.AcceptOnlyFromAmong("q8_0", "q4_0", "f16", "f32");
        return type;
    }

    private static Option<string?> NameOption(string description) => new("--name") { Description = description + " (default: the model folder's name)" };

    private static Option<string?> EngineFromOption() =>
        new("--engine-from") { Description = "A node_modules folder holding the engine's npm packages (for offline machines); default: ~/.cache/wren/npm, filled from the npm registry" };

    private static GgufExportType ParseType(string text) => GgufExportTypes.Parse(text);
}
