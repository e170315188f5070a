using Wren.Runtime.Threading;
using Wren.Training.Checkpoints;
using Wren.Training.Model;
using Wren.Training.Trainer;
using Xunit.Abstractions;

namespace Wren.Training.Tests.Trainer;

/// <summary>Proof that training learns: the ~1M preset on real text ends well below the data's unigram entropy.</summary>
public sealed class LearningTests(ITestOutputHelper output)
{
    [Fact]
    public void TheTinyPresetLearnsRealTextWellBelowItsUnigramEntropy()
    {
        // Real text: the State of the Union speeches in samples/acme (a fixed input, unlike the source tree), tokenized with a byte-level tokenizer (id = byte).
        byte[] text = RealText(320_000);
        int[] tokens = Array.ConvertAll(text, b => (int)b);
        int cut = tokens.Length * 9 / 10;
        double unigram = UnigramEntropy(tokens.AsSpan(cut));
        var sampler = new TokenWindowSampler(tokens[..cut], tokens[cut..], seed: 1);

        var config = ModelPresets.Resolve("tiny", 256, 64);
        Assert.InRange(config.ParameterCount, 700_000, 1_500_000);
        var model = new LlamaTrainingModel(config, 8, 64, new WorkerPool(Environment.ProcessorCount));
        var options = new TrainerOptions
        {
            OutputFolder = TestShards.TempFolder(),
            Steps = 300,
            LearningRate = 1e-2,
            WarmupSteps = 10,
            EvalEvery = 0,
            EvalBatches = 8,
            CheckpointEvery = 0,
            Seed = 1,
        };
        model.InitializeRandom(options.Seed);
        var summary = new TrainingLoop(model, sampler, options, new CheckpointStore(options.OutputFolder), peakFlops: 0).Run();

        output.WriteLine($"unigram entropy {unigram:F3} nats/byte; validation loss after {summary.Steps} steps: {summary.FinalValidationLoss:F3}");
        Assert.NotNull(summary.FinalValidationLoss);
        // Half a nat per byte below the unigram entropy: the model must use context (a unigram model cannot).
        Assert.True(summary.FinalValidationLoss < unigram - 0.5, $"validation loss {summary.FinalValidationLoss:F3} is not well below the unigram entropy {unigram:F3}");
    }

    private static double UnigramEntropy(ReadOnlySpan<int> tokens)
    {
        var counts = new long[256];
        foreach (int t in tokens) counts[t]++;
        double h = 0;
        foreach (long c in counts)
        {
            if (c == 0) continue;
            double p = (double)c / tokens.Length;
            h -= p * Math.Log(p);
        }

        return h;
    }

    /// <summary>Up to <paramref name="limit"/> bytes of the sample's speeches (.txt and .md), in a stable order.</summary>
    private static byte[] RealText(int limit)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Wren.slnx"))) dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        var files = new List<string>();
        foreach (string pattern in new[] { "*.txt", "*.md" })
        {
            files.AddRange(Directory.GetFiles(Path.Combine(dir, "samples", "acme", "docs"), pattern));
        }
        files.Sort(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            buffer.Write(bytes, 0, (int)Math.Min(bytes.Length, limit - buffer.Length));
            if (buffer.Length >= limit) break;
        }

        Assert.True(buffer.Length > 100_000, "the sample's speeches should give a few hundred KB of text");
        return buffer.ToArray();
    }
}
