using System.CommandLine;
using Wren.Verbs;

namespace Wren.Run;

/// <summary>
/// <c>wren-run</c>: only what running a model needs (a GGUF file or a Hugging Face folder, its tokenizer and chat template,
/// sampling), with <c>wren</c>'s own <c>generate</c>, <c>chat</c> and <c>serve</c> verbs and options, compiled ahead of time.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "wren-run runs a local model: a llama.cpp .gguf file or a Hugging Face folder (config.json, model.safetensors, tokenizer.json).\n" +
            "It is the ahead-of-time compiled runtime of wren: the same generate, chat and serve verbs, nothing else.\n" +
            "Run 'wren-run VERB --help' for each verb's options and an example.");
        var host = new VerbHost { Tool = "wren-run", In = Console.In, Out = Console.Out, Error = Console.Error };
        root.Subcommands.Add(GenerateVerb.Create(host));
        root.Subcommands.Add(ChatVerb.Create(host));
        root.Subcommands.Add(ServeVerb.Create(host));
        return root.Parse(args).InvokeAsync();
    }
}
