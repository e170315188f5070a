using Wren.Edge.Npm;

namespace Wren.Edge;

/// <summary>
/// The engine the exported site and worker run, chosen by measurement (bench/Wren.Bench.Web): llama.cpp's
/// WebAssembly build through wllama on Wren's GGUF export, with Wren's tokenizer and chat template in
/// JavaScript (tokenizers.js, @huggingface/jinja). Pinned here, with their registry integrity, and the
/// package files each export copies.
/// </summary>
public static class EdgeEngine
{
    public static NpmPackage Wllama { get; } = new("@wllama/wllama", "3.8.1", "sha512-Pl7BEJhPU8OHnV/yhn3DFZYhLLOdSHh+4TND79WCftHnlUAdQPAsyc/CfIOY+4mVxvf5VW3Xw3Uf7BBfotS1gw==");

    public static NpmPackage Tokenizers { get; } = new("@huggingface/tokenizers", "0.2.0", "sha512-LidMHe1FpcSYH4vcSjXooda34pC0M8m1gmDOv7SQi6Iv+ib1zX7J3sHBCC9/3FPCkn2k1b55FneVqMRxrr99pg==");

    public static NpmPackage Jinja { get; } = new("@huggingface/jinja", "0.5.11", "sha512-YzEzwM5oQf4r0vs7ifWQ+yuVR1YkAHrjERQ+a8WRsStHHp4NRBg+NesjiFc+X2AFUpRvvrIeHDS1xFy9jY/IjQ==");

    /// <summary>What the page and the API name as the engine.</summary>
    public static string Description => $"llama.cpp (wllama {Wllama.Version}, WebAssembly)";

    /// <summary>The engine's files, resolved through <paramref name="store"/>.</summary>
    public static EngineFiles Resolve(NpmPackageStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        string wllama = store.Resolve(Wllama, cancellationToken);
        string tokenizers = store.Resolve(Tokenizers, cancellationToken);
        string jinja = store.Resolve(Jinja, cancellationToken);
        return new EngineFiles(
            WllamaModule: Existing(wllama, "esm/index.js"),
            WllamaWasm: Existing(wllama, "esm/wasm/wllama.wasm"),
            WllamaEmscriptenScript: Existing(wllama, "src/wasm/wllama.js"),
            WllamaWorkerScript: Existing(wllama, "src/workers-code/llama-cpp.js"),
            TokenizersModule: Existing(tokenizers, "dist/tokenizers.min.mjs"),
            JinjaModule: Existing(jinja, "dist/index.js"),
            Licences:
            [
                ("wllama.LICENSE.txt", Existing(wllama, "LICENCE")),
                ("tokenizers.js.LICENSE.txt", Existing(tokenizers, "LICENSE")),
                ("huggingface-jinja.LICENSE.txt", Existing(jinja, "LICENSE")),
            ]);
    }

    private static string Existing(string folder, string relative)
    {
        string path = Path.Combine(folder, relative);
        if (!File.Exists(path)) throw new Runtime.WrenException($"{folder} lacks {relative}; the package is incomplete (delete the folder to fetch it again)");
        return path;
    }
}
