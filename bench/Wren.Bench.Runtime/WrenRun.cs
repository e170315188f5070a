using System.Diagnostics;
using Wren.Runtime.Models;
using Wren.Runtime.Threading;

namespace Wren.Bench.Runtime;

/// <summary>Wren on one case: a worker pool and a session over the loaded model, reused by every round.</summary>
internal sealed class WrenRun : IEngineRun
{
    private readonly WorkerPool _pool;
    private readonly InferenceSession _session;
    private readonly int[] _prompt;
    private readonly int _decodeTokens;

    public WrenRun(LlamaModel model, int[] prompt, int threads, BenchSettings settings)
    {
        _pool = new WorkerPool(threads);
        _session = model.CreateSession(new InferenceSessionOptions { Pool = _pool, MaxContext = settings.PromptTokens + settings.DecodeTokens + 8, PrefillChunk = settings.PromptTokens });
        _prompt = prompt;
        _decodeTokens = settings.DecodeTokens;
        WeightBytesPerToken = model.Weights.DecodeBytesPerToken;
    }

    public long WeightBytesPerToken { get; }

    public RoundResult RunRound()
    {
        var process = Process.GetCurrentProcess();
        _session.Reset();
        process.Refresh();
        var prefillCpu0 = process.TotalProcessorTime;
        long t0 = Stopwatch.GetTimestamp();
        var logits = _session.Prefill(_prompt);
        double prefill = _prompt.Length / Stopwatch.GetElapsedTime(t0).TotalSeconds;
        int next = WrenEngine.ArgMax(logits);
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        double prefillCpu = (cpu0 - prefillCpu0).TotalMilliseconds / _prompt.Length;
        long t1 = Stopwatch.GetTimestamp();
        for (int i = 0; i < _decodeTokens; i++) next = WrenEngine.ArgMax(_session.Decode(next));
        double decode = _decodeTokens / Stopwatch.GetElapsedTime(t1).TotalSeconds;
        process.Refresh();
        return new RoundResult(prefill, decode, (process.TotalProcessorTime - cpu0).TotalMilliseconds / _decodeTokens, prefillCpu);
    }

    public void Dispose()
    {
        _session.Dispose();
        _pool.Dispose();
    }
}
