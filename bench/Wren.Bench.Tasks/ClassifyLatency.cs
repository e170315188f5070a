using System.Diagnostics;
using System.Globalization;
using LLama;
using LLama.Common;
using LLama.Native;
using Wren.Bench.Training;
using Wren.Data.Tasks;
using Wren.Export.Gguf;
using Wren.Runtime.Classification;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Bench.Tasks;

/// <summary>
/// Issue 19's latency bar: one e-mail of <c>tokens</c> tokens classified on one core by a task run, through the same
/// <see cref="ModelTextClassifier"/> the eval uses (tokenize, one prefill of the prompt, every label scored from its
/// last position), with the F32 safetensors model and with its Q8_0 GGUF export, beside llama.cpp (LLamaSharp 0.30.0,
/// one thread) prefilling the same prompt ids from the same GGUF file; and the F32 run as trained, which reads only the
/// first <see cref="ClassifierPrompt.MaxInputTokens"/> of a longer e-mail (what its eval accuracy was measured with). The engines take turns input by input, so they
/// see the same moments of a shared machine; each call is timed on the wall and on the thread's CPU clock.
/// </summary>
internal static class ClassifyLatency
{
    public static void Run(string runFolder, string dataFolder, int tokens, int calls, string work)
    {
        var c = CultureInfo.InvariantCulture;
        var manifest = ClassifierManifest.Load(runFolder);
        string modelFolder = Path.Combine(runFolder, manifest.Model);
        Directory.CreateDirectory(work);
        string gguf = Path.Combine(work, "model-q8_0.gguf");
        GgufExporter.Export(new GgufExportOptions { ModelDirectory = modelFolder, OutputPath = gguf, Type = GgufExportType.Q8_0 });

        // The whole e-mail is read: the prompt's input limit raised to the e-mail's length.
        var wide = manifest with { Prompt = manifest.Prompt with { MaxInputTokens = Math.Max(tokens, manifest.Prompt.MaxInputTokens) } };
        var tokenizer = BpeTokenizer.Load(modelFolder);
        var set = TaskFolder.Load(dataFolder);
        var inputs = new List<string>();
        foreach (var example in set.Test.Concat(set.Train))
        {
            int[] ids = tokenizer.Encode(example.Input, addSpecialTokens: false);
            if (ids.Length < tokens) continue;
            // The first `tokens` tokens, back to text, re-encoded to check that the text is that long.
            string text = tokenizer.Decode(ids.AsSpan(0, tokens));
            if (tokenizer.Encode(text, addSpecialTokens: false).Length == tokens) inputs.Add(text);
            if (inputs.Count == calls) break;
        }

        if (inputs.Count == 0) throw new InvalidOperationException($"no example of {tokens} tokens or more in {dataFolder}");
        var single = new ModelClassifierOptions { Workers = 1, ThreadsPerWorker = 1 };
        using var f32 = new ModelTextClassifier(LlamaModel.Load(modelFolder), tokenizer, wide, single, ownsModel: true);
        using var q8 = new ModelTextClassifier(LlamaModel.Load(gguf), tokenizer, wide, single, ownsModel: true);
        // The run as it was trained and as the eval scores it: a longer e-mail is cut to the prompt's input limit.
        using var trained = new ModelTextClassifier(LlamaModel.Load(modelFolder), tokenizer, manifest, single, ownsModel: true);
        int promptTokens = wide.Prompt.Encode(tokenizer, inputs[0]).Length;

        NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        var parameters = new ModelParams(gguf)
        {
            ContextSize = (uint)(promptTokens + 8),
            BatchSize = (uint)promptTokens,
            UBatchSize = (uint)promptTokens,
            GpuLayerCount = 0,
            Threads = 1,
            BatchThreads = 1,
            FlashAttention = false,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        var batch = new LLamaBatch();

        var engines = new (string Name, Func<string, Action> Prepare)[]
        {
            ("Wren F32 (safetensors)", text => () => f32.Classify(text)),
            ($"Wren F32, reads {manifest.Prompt.MaxInputTokens} as trained", text => () => trained.Classify(text)),
            ("Wren Q8_0 (GGUF)", text => () => q8.Classify(text)),
            ("llama.cpp Q8_0 prefill (same GGUF)", text =>
            {
                // Tokenizing and a fresh context happen before the clock: llama.cpp's share is the prefill alone.
                int[] prompt = wide.Prompt.Encode(tokenizer, text);
                var context = weights.CreateContext(parameters);
                return () =>
                {
                    batch.Clear();
                    for (int i = 0; i < prompt.Length; i++) batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Length - 1);
                    if (context.Decode(batch) != DecodeResult.Ok) throw new InvalidOperationException("llama_decode failed");
                    context.Dispose();
                };
            }),
        };

        var wall = engines.Select(_ => new List<double>()).ToArray();
        var cpu = engines.Select(_ => new List<double>()).ToArray();
        Console.WriteLine(string.Create(c, $"latency: {inputs.Count} e-mails of {tokens} tokens ({promptTokens}-token prompts), {manifest.Labels.Count} labels, " +
            $"{f32.Model.Config.ParameterCount / 1e6:F1}M parameters, one thread; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        const int warmup = 5;
        for (int round = 0; round < inputs.Count + warmup; round++)
        {
            string text = inputs[round % inputs.Count];
            // Alternate the order, so no engine always runs right after another.
            for (int k = 0; k < engines.Length; k++)
            {
                int e = (round + k) % engines.Length;
                var call = engines[e].Prepare(text);
                double cpu0 = CpuClock.ThreadSeconds() * 1e3;
                long t0 = Stopwatch.GetTimestamp();
                call();
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds, cpuMs = CpuClock.ThreadSeconds() * 1e3 - cpu0;
                if (round < warmup) continue;
                wall[e].Add(ms);
                cpu[e].Add(cpuMs);
            }
        }

        Console.WriteLine("engine                              | wall p50 ms | wall p95 ms | thread CPU p50 ms | thread CPU p95 ms");
        for (int e = 0; e < engines.Length; e++)
        {
            Console.WriteLine(string.Create(c, $"{engines[e].Name,-36} | {Percentile(wall[e], 0.5),11:F2} | {Percentile(wall[e], 0.95),11:F2} | {Percentile(cpu[e], 0.5),17:F2} | {Percentile(cpu[e], 0.95),17:F2}"));
        }

        Console.WriteLine(string.Create(c, $"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} after; Wren Q8_0 / llama.cpp thread-CPU p50: {Percentile(cpu[2], 0.5) / Percentile(cpu[3], 0.5):F2}x"));
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
