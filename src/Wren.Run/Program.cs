using System.CommandLine;

namespace Wren.Run;

/// <summary>
/// <c>wren-run</c>: only what running a model needs (a GGUF file or a Hugging Face folder, its tokenizer and chat template,
/// sampling), with <c>wren</c>'s own <c>generate</c> and <c>chat</c> verbs and options, compiled ahead of time.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "wren-run runs a local model: a llama.cpp .gguf file or a Hugging Face folder (config.json, model.safetensors, tokenizer.json).\n" +
            "It is the ahead-of-time compiled runtime of wren: the same generate and chat verbs, nothing else.\n" +
            "Run 'wren-run VERB --help' for each verb's options and an example.");
        root.Subcommands.Add(GenerateVerb.Create(Console.Out, Console.Error));
        root.Subcommands.Add(ChatVerb.Create(Console.In, Console.Out, Console.Error));
        return root.Parse(args).InvokeAsync();
    }
}
