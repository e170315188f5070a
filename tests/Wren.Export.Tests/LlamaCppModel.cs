using LLama;
using LLama.Common;
using LLama.Native;

namespace Wren.Export.Tests;

/// <summary>
/// llama.cpp (through LLamaSharp's native binding) loading a GGUF file: the reference that proves an
/// exported file is what llama.cpp expects. Greedy decoding is done here, over raw logits, so no
/// sampler setting can hide a difference.
/// </summary>
internal sealed class LlamaCppModel : IDisposable
{
    private static readonly object NativeInit = new();
    private static bool _initialised;

    private readonly LLamaWeights _weights;
    private readonly ModelParams _params;

    public LlamaCppModel(string ggufPath, bool f32Cache = true)
    {
        lock (NativeInit)
        {
            if (!_initialised)
            {
                // llama.cpp logs every tensor it loads; keep test output readable (WREN_LLAMACPP_LOG=1 shows it, to see why a file fails to load).
                NativeLibraryConfig.All.WithLogCallback((level, message) => { if (Environment.GetEnvironmentVariable("WREN_LLAMACPP_LOG") is not null) Console.Error.Write(message); });
                _initialised = true;
            }
        }
        _params = new ModelParams(ggufPath)
        {
            ContextSize = 256,
            BatchSize = 256,
            GpuLayerCount = 0,
            // One thread: ggml's workers spin at barriers, which a busy shared CI machine punishes; the models are tiny.
            Threads = 1,
            // An F32 KV cache keeps llama.cpp's attention in float32, like the transformers reference.
            TypeK = f32Cache ? GGMLType.GGML_TYPE_F32 : GGMLType.GGML_TYPE_F16,
            TypeV = f32Cache ? GGMLType.GGML_TYPE_F32 : GGMLType.GGML_TYPE_F16,
            // Flash attention on the CPU rounds Q to F16; the plain path stays in F32.
            FlashAttention = false,
        };
        _weights = LLamaWeights.LoadFromFile(_params);
    }

    public LLamaWeights Weights => _weights;

    public int[] Tokenize(string text)
    {
        LLamaToken[] tokens = _weights.Tokenize(text, add_bos: false, special: true, System.Text.Encoding.UTF8);
        return tokens.Select(t => (int)t).ToArray();
    }

    /// <summary>Feeds the prompt ids, then decodes greedily. Also returns the logits at every prompt position.</summary>
    public (int[] Generated, float[][] PromptLogits) Greedy(int[] promptIds, int steps)
    {
        using LLamaContext context = _weights.CreateContext(_params);
        var batch = new LLamaBatch();
        for (int i = 0; i < promptIds.Length; i++) batch.Add(promptIds[i], i, LLamaSeqId.Zero, logits: true);
        Check(context.Decode(batch));
        var promptLogits = new float[promptIds.Length][];
        for (int i = 0; i < promptIds.Length; i++) promptLogits[i] = context.NativeHandle.GetLogitsIth(i).ToArray();
        var generated = new int[steps];
        int next = ArgMax(promptLogits[^1]);
        for (int s = 0; s < steps; s++)
        {
            generated[s] = next;
            if (s == steps - 1) break;
            batch.Clear();
            batch.Add(next, promptIds.Length + s, LLamaSeqId.Zero, logits: true);
            Check(context.Decode(batch));
            next = ArgMax(context.NativeHandle.GetLogitsIth(0));
        }
        return (generated, promptLogits);
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode returned {result}");
    }

    public void Dispose() => _weights.Dispose();
}
