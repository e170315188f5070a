using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices.JavaScript;
using System.Runtime.Versioning;
using System.Numerics.Tensors;
using Wren.Runtime.Generation;

// Wren's own runtime on .NET WebAssembly (Microsoft.NET.Sdk.WebAssembly, no AOT: the wasm-tools workload's
// emscripten packs are not served here, so it runs on the interpreter and jiterpreter). bench.html calls Run.
Console.WriteLine("wren on .NET WebAssembly is ready");

/// <summary>The candidate the web bench measures beside llama.cpp's WebAssembly build.</summary>
[SupportedOSPlatform("browser")]
public static partial class DotnetWasmBench
{
    /// <summary>Loads the GGUF from bytes and decodes greedily on one thread (browser-wasm has none to spare).</summary>
    [JSExport]
    public static string Run(byte[] gguf, string prompt, int maxTokens)
    {
        File.WriteAllBytes("/tmp/model.gguf", gguf);
        var clock = Stopwatch.StartNew();
        using var model = WrenModel.Load("/tmp/model.gguf");
        double loadMs = clock.Elapsed.TotalMilliseconds;
        using var session = model.Model.CreateSession(new Wren.Runtime.Models.InferenceSessionOptions { MaxContext = 512, Threads = 1 });
        int[] ids = model.Tokenizer.Encode(prompt, addSpecialTokens: true);
        // The session's own greedy loop, not PromptContinuation: its scheduler runs on a thread of its own, and
        // browser-wasm has none to start.
        long start = Stopwatch.GetTimestamp();
        int next = TensorPrimitives.IndexOfMax(session.Prefill(ids));
        long first = Stopwatch.GetTimestamp();
        int generated = 0;
        while (generated < maxTokens && !model.StopTokenIds.Contains(next))
        {
            if (++generated < maxTokens) next = TensorPrimitives.IndexOfMax(session.Decode(next));
        }
        long end = Stopwatch.GetTimestamp();
        double prefill = ids.Length / Stopwatch.GetElapsedTime(start, first).TotalSeconds;
        double decode = generated > 1 ? (generated - 1) / Stopwatch.GetElapsedTime(first, end).TotalSeconds : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"loadMs\":{loadMs},\"prompt\":{ids.Length},\"generated\":{generated},\"prefill\":{prefill},\"decode\":{decode}}}");
    }
}
