using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Runtime.Hub;

namespace Wren.Cli.Commands;

/// <summary><c>wren pull</c>: a model from the Hugging Face hub into its cache (or a folder), as <c>hf download</c> does.</summary>
internal static class PullCommand
{
    internal static Command Create(CliConsole console)
    {
        var model = new Argument<string>("MODEL")
        {
            Description = "ORG/NAME, ORG/NAME@REVISION (a branch, tag or commit hash; main by default) or ORG/NAME:FILE for one file, such as a .gguf",
        };
        var include = new Option<string[]>("--include")
        {
            Description = "Only repository paths matching these patterns, as hf download --include ('*' crosses folders; 'onnx/' is a folder); repeat or list several",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Put the files in this folder (with huggingface_hub's .cache/huggingface metadata) instead of the cache's snapshot folder" };
        var command = new Command("pull",
            "Download a model from the Hugging Face hub the way huggingface_hub does, into the same cache, so transformers, " +
            "llama.cpp's tools and Wren find each other's downloads: HF_HOME/hub/models--ORG--NAME/{blobs,refs,snapshots/COMMIT}. " +
            "Files download 8 at a time, resume where an interrupted pull stopped, and are checked against the hub's size and " +
            "sha256 (LFS) or git hash before they are kept. Every verb's --model and --base accept ORG/NAME too and pull it when missing.\n\n" +
            "Environment: HF_ENDPOINT (a mirror), HF_TOKEN (gated and private models; else the file `hf auth login` writes), " +
            "HF_HOME or HF_HUB_CACHE (where the cache is), HF_HUB_OFFLINE=1 (use the cache only).\n" +
            "The folder (or, for ORG/NAME:FILE, the file) is printed on stdout; progress and the summary go to stderr.\n\n" +
            "Examples: wren pull HuggingFaceTB/SmolLM2-135M-Instruct\n" +
            "          wren pull Qwen/Qwen2.5-0.5B-Instruct --include '*.json' '*.safetensors'\n" +
            "          wren pull bartowski/SmolLM2-135M-Instruct-GGUF:SmolLM2-135M-Instruct-Q8_0.gguf\n" +
            "          wren generate --model HuggingFaceTB/SmolLM2-135M-Instruct --prompt \"Hello\"");
        command.Arguments.Add(model);
        command.Options.Add(include);
        command.Options.Add(output);
        CliAction.Set(command, console, async (parse, ct) =>
        {
            var reference = HubModelReference.Parse(parse.GetValue(model)!);
            var options = new HubPullOptions { Include = parse.GetValue(include) ?? [], LocalDirectory = parse.GetValue(output) };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var pull = new HubPull(HubSettings.FromEnvironment());
            var result = await SpectreProgressSink.ShowAsync(console.Error, progress => pull.PullAsync(reference, options, progress, ct)).ConfigureAwait(false);
            result.ThrowIfNothingMatched(options.Include);
            console.Error.Write(PullSummary.Table(result, clock.Elapsed));
            console.WriteLine(result.Path);
            return CliAction.Ok;
        });
        return command;
    }
}
