using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Wren.Bench.Runtime;

/// <summary>llama.cpp on one case: each round gets a fresh context (made before the clock starts).</summary>
internal sealed class LlamaCppRun(LLamaWeights weights, ModelParams parameters, int[] prompt, int decodeTokens, long weightBytesPerToken) : IEngineRun
{
    private readonly LLamaBatch _batch = new();

    public long WeightBytesPerToken => weightBytesPerToken;

    public RoundResult RunRound()
    {
        var process = Process.GetCurrentProcess();
        using var context = weights.CreateContext(parameters);
        _batch.Clear();
        for (int i = 0; i < prompt.Length; i++) _batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Length - 1);
        process.Refresh();
        var prefillCpu0 = process.TotalProcessorTime;
        long t0 = Stopwatch.GetTimestamp();
        Check(context.Decode(_batch));
        double prefill = prompt.Length / Stopwatch.GetElapsedTime(t0).TotalSeconds;
        int next = WrenEngine.ArgMax(context.NativeHandle.GetLogitsIth(prompt.Length - 1));
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        double prefillCpu = (cpu0 - prefillCpu0).TotalMilliseconds / prompt.Length;
        long t1 = Stopwatch.GetTimestamp();
        for (int s = 0; s < decodeTokens; s++)
        {
            _batch.Clear();
            _batch.Add(next, prompt.Length + s, LLamaSeqId.Zero, logits: true);
            Check(context.Decode(_batch));
            next = WrenEngine.ArgMax(context.NativeHandle.GetLogitsIth(0));
        }

        double decode = decodeTokens / Stopwatch.GetElapsedTime(t1).TotalSeconds;
        process.Refresh();
        return new RoundResult(prefill, decode, (process.TotalProcessorTime - cpu0).TotalMilliseconds / decodeTokens, prefillCpu);
    }

    internal static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode returned {result}");
    }

    public void Dispose()
    {
    }
}
