using System.CommandLine;
using Wren.Cli.Terminal;

namespace Wren.Cli.Commands;

/// <summary><c>wren quantize</c>: a quantized GGUF file from a model folder (the export verb with quantized types only).</summary>
internal static class QuantizeCommand
{
    internal static Command Create(CliConsole console) => ExportCommand.CreateGguf(console, "quantize",
        "Quantize a Hugging Face model folder into a GGUF file with ggml's block formats, bit-identical to " +
        "llama.cpp's reference quantizers: q8_0 (8-bit, near lossless), q4_0, q4_1, q5_1 (4 and 5 bits with a block minimum), or q4_k (llama-quantize's Q4_K_M mix). " +
        "The file runs in llama.cpp, Ollama and LM Studio.\n\n" +
        "Example: wren quantize --model out/model --type q4_k --out model-q4_k.gguf",
        quantizedOnly: true);
}
