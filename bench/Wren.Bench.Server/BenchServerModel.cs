using Wren.Export.Gguf;
using Wren.Runtime.Generation;
using Wren.Runtime.Models;
using Wren.TestModels;

namespace Wren.Bench.Server;

/// <summary>
/// The model both servers load: one GGUF file with random weights in a real model's shape (llama2.c's
/// stories15M or stories110M) and the vocabulary size of the tiny fixture's tokenizer, written once under
/// <c>.cache/bench-models/</c>. Wren pairs it with that tokenizer and chat template, and the llama.cpp peer
/// is given the same prompt ids, so both run the same prompts through the same weights.
/// </summary>
internal static class BenchServerModel
{
    public static string TokenizerFolder => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "tests", "TestData", "hf-reference", "tiny-llama");

    public static string GgufPath(string shape, GgufExportType type, int vocab)
    {
        string dir = Path.GetFullPath(Path.Combine(".cache", "bench-models"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"serve-{shape}-v{vocab}-{type}.gguf");
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"writing {path} (once; cached for later runs)");
            var preset = RandomLlamaShape.Preset(shape) with { Vocab = vocab, Context = 2048 };
            RandomLlamaGguf.Write(path, preset, type, seed: 1);
        }

        return path;
    }

    /// <summary>The GGUF weights with the fixture's tokenizer, chat template and stop ids.</summary>
    public static WrenModel Load(string gguf, WrenModel tokenizerSource) =>
        new(LlamaModel.Load(gguf), tokenizerSource.Tokenizer, tokenizerSource.Template, tokenizerSource.StopTokenIds, Path.GetFileNameWithoutExtension(gguf));
}
