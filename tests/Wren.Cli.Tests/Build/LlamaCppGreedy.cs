using LLama;
using LLama.Common;
using LLama.Native;

namespace Wren.Cli.Tests.Build;

/// <summary>llama.cpp (LLamaSharp's native CPU build) loading a GGUF file and decoding greedily over raw logits.</summary>
internal static class LlamaCppGreedy
{
    private static readonly object NativeInit = new();
    private static bool _initialised;

    /// <returns>llama.cpp's vocabulary size and the generated token ids.</returns>
    public static (int Vocabulary, int[] Generated) Generate(string ggufPath, string prompt, int steps)
    {
        lock (NativeInit)
        {
            if (!_initialised)
            {
                NativeLibraryConfig.All.WithLogCallback((level, message) => { });
                _initialised = true;
            }
        }
        var parameters = new ModelParams(ggufPath) { ContextSize = 128, BatchSize = 128, GpuLayerCount = 0, Threads = 1 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        LLamaToken[] promptIds = weights.Tokenize(prompt, add_bos: false, special: true, System.Text.Encoding.UTF8);
        var batch = new LLamaBatch();
        for (int i = 0; i < promptIds.Length; i++) batch.Add(promptIds[i], i, LLamaSeqId.Zero, logits: i == promptIds.Length - 1);
        Check(context.Decode(batch));
        var generated = new int[steps];
        int next = ArgMax(context.NativeHandle.GetLogitsIth(promptIds.Length - 1));
        for (int s = 0; s < steps; s++)
        {
            generated[s] = next;
            batch.Clear();
            batch.Add(next, promptIds.Length + s, LLamaSeqId.Zero, logits: true);
            Check(context.Decode(batch));
            next = ArgMax(context.NativeHandle.GetLogitsIth(0));
        }
        return (weights.Vocab.Count, generated);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode returned {result}");
    }
}
