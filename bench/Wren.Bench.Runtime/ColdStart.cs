using System.Diagnostics;
using System.Globalization;
using LLama;
using LLama.Common;
using LLama.Native;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Bench.Runtime;

/// <summary>
/// What a user waits for and what the model costs in memory, which one long-lived process cannot show: each engine in a
/// child process of its own loads the model (from a warm file cache), prefills the prompt, picks the first token (time to
/// first token, from the start of the load), decodes the rest, and reports its peak resident set (VmHWM: the mapped
/// weights it touched, the KV cache, scratch, and the .NET runtime both children share).
/// </summary>
internal static class ColdStart
{
    public const string ChildFlag = "--cold-start-child";

    /// <summary>One engine's figures in one child: load ms, time to first token ms, peak RSS bytes.</summary>
    internal sealed record Result(double LoadMs, double FirstTokenMs, long PeakRssBytes);

    /// <summary>Runs one engine's child and reads its figures.</summary>
    public static Result Run(string engine, BenchModel model, WeightDType dtype, int threads, BenchSettings settings, string llamaCppAvx)
    {
        string path = model.GgufPath(dtype);
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(ColdStart).Assembly.Location);
        foreach (string a in new[] { ChildFlag, engine, path, threads.ToString(CultureInfo.InvariantCulture), settings.PromptTokens.ToString(CultureInfo.InvariantCulture), settings.DecodeTokens.ToString(CultureInfo.InvariantCulture), model.Shape.Vocab.ToString(CultureInfo.InvariantCulture), llamaCppAvx })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"the {engine} cold-start child on {path} exited {process.ExitCode}: {error.Result.Trim()}");
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return new Result(double.Parse(values["load_ms"], CultureInfo.InvariantCulture), double.Parse(values["first_token_ms"], CultureInfo.InvariantCulture),
            long.Parse(values["peak_rss_bytes"], CultureInfo.InvariantCulture));
    }

    /// <summary>The child: <c>--cold-start-child ENGINE PATH THREADS PROMPT DECODE VOCAB AVX</c>; prints key=value lines.</summary>
    public static void Child(string[] args)
    {
        int at = Array.IndexOf(args, ChildFlag);
        string engine = args[at + 1], path = args[at + 2];
        int threads = int.Parse(args[at + 3], CultureInfo.InvariantCulture), promptTokens = int.Parse(args[at + 4], CultureInfo.InvariantCulture);
        int decodeTokens = int.Parse(args[at + 5], CultureInfo.InvariantCulture), vocab = int.Parse(args[at + 6], CultureInfo.InvariantCulture);
        string avx = at + 7 < args.Length ? args[at + 7] : "";
        var random = new Random(2);
        int[] prompt = Enumerable.Range(0, promptTokens).Select(_ => random.Next(vocab)).ToArray();
        var (load, first) = engine == "Wren" ? Wren(path, threads, prompt, decodeTokens) : LlamaCpp(path, threads, prompt, decodeTokens, avx);
        Console.WriteLine(FormattableString.Invariant($"load_ms={load:F1}"));
        Console.WriteLine(FormattableString.Invariant($"first_token_ms={first:F1}"));
        Console.WriteLine(FormattableString.Invariant($"peak_rss_bytes={PeakRss()}"));
    }

    private static (double LoadMs, double FirstTokenMs) Wren(string path, int threads, int[] prompt, int decodeTokens)
    {
        long t0 = Stopwatch.GetTimestamp();
        using var model = LlamaModel.Load(path);
        double load = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        using var pool = new WorkerPool(threads);
        using var session = model.CreateSession(new InferenceSessionOptions { Pool = pool, MaxContext = prompt.Length + decodeTokens + 8, PrefillChunk = prompt.Length });
        int next = WrenEngine.ArgMax(session.Prefill(prompt));
        double first = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        for (int i = 0; i < decodeTokens; i++) next = WrenEngine.ArgMax(session.Decode(next));
        return (load, first);
    }

    private static (double LoadMs, double FirstTokenMs) LlamaCpp(string path, int threads, int[] prompt, int decodeTokens, string avx)
    {
        LlamaCppEngine.Configure(avx);
        NativeApi.llama_empty_call(); // the native library's own load is not the model's
        var parameters = LlamaCppEngine.Parameters(path, threads, prompt.Length, decodeTokens);
        long t0 = Stopwatch.GetTimestamp();
        using var weights = LLamaWeights.LoadFromFile(parameters);
        double load = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        using var context = weights.CreateContext(parameters);
        var batch = new LLamaBatch();
        for (int i = 0; i < prompt.Length; i++) batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Length - 1);
        LlamaCppRun.Check(context.Decode(batch));
        int next = WrenEngine.ArgMax(context.NativeHandle.GetLogitsIth(prompt.Length - 1));
        double first = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        for (int s = 0; s < decodeTokens; s++)
        {
            batch.Clear();
            batch.Add(next, prompt.Length + s, LLamaSeqId.Zero, logits: true);
            LlamaCppRun.Check(context.Decode(batch));
            next = WrenEngine.ArgMax(context.NativeHandle.GetLogitsIth(0));
        }

        return (load, first);
    }

    /// <summary>VmHWM of /proc/self/status: the process's peak resident set.</summary>
    private static long PeakRss()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("/proc/self/status has no VmHWM line");
    }
}
