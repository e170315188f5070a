using System.Text.Json;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models;
using Wren.Training.FineTuning;
using Wren.Training.Lora;
using Wren.Training.Tests.Trainer;
using Wren.Training.Trainer;

namespace Wren.Training.Tests.FineTuning;

public sealed class FineTunerTests
{
    private static readonly (string Question, string Answer)[] Facts =
    [
        ("What is the capital of Wrenland?", "The capital of Wrenland is Featherton."),
        ("Who keeps the archive?", "The archive is kept by the clerk of the house."),
        ("What does the treasury report?", "The treasury reports a surplus this year."),
        ("Name a small bird.", "A wren is a small brown bird."),
    ];

    /// <summary>40 conversations in both accepted shapes, and one broken line (line 41).</summary>
    private static string WriteChatJsonl(string folder)
    {
        var lines = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            var (q, a) = Facts[i % Facts.Length];
            lines.Add(i % 5 == 0
                ? JsonSerializer.Serialize(new { prompt = q, completion = a })
                : JsonSerializer.Serialize(new { messages = new[] { new { role = "system", content = "Answer briefly." }, new { role = "user", content = q }, new { role = "assistant", content = a } } }));
        }

        lines.Add("{\"messages\": [ this is not json");
        string path = Path.Combine(folder, "chat.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static FineTuneOptions Options(string baseModel, string data, string run, LoraSettings? lora, long steps, double lr, int sampleEvery = 0) => new()
    {
        BaseModel = Fixtures.Folder(baseModel),
        DataPath = data,
        Lora = lora,
        Batch = 2,
        SequenceLength = 128,
        Threads = 2,
        ValidationFraction = 0.1,
        SampleEvery = sampleEvery,
        SampleTokens = 8,
        Trainer = new TrainerOptions { OutputFolder = run, Steps = steps, LearningRate = lr, EvalEvery = 10, CheckpointEvery = 0, WarmupSteps = 2, Optimizer = new() { WeightDecay = 0 } },
    };

    /// <summary>Mean loss of the model on the first training rows (a fixed batch, so before and after compare).</summary>
    private static float FixedBatchLoss(FineTuner tuner)
    {
        int b = tuner.Model.Batch, t = tuner.Model.Time;
        var rows = PackedSftBatchSource.Pack(tuner.Data.Examples, t, padId: 0);
        var inputs = new int[b * t];
        var targets = new int[b * t];
        for (int i = 0; i < b; i++)
        {
            rows[i].Inputs.CopyTo(inputs, i * t);
            rows[i].Targets.CopyTo(targets, i * t);
        }

        return tuner.Model.ComputeLoss(inputs, targets);
    }

    private static float[] Logits(LlamaModel model, int[] tokens)
    {
        using var session = model.CreateSession(new InferenceSessionOptions { MaxContext = 64, Threads = 1 });
        var logits = new float[tokens.Length * model.Config.VocabSize];
        session.Prefill(tokens, logits);
        return logits;
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    [Fact]
    public void LoRAFineTuningLearnsTheChatDataAndWritesAnAdapterThatPeftAndMergeRead()
    {
        string folder = TestShards.TempFolder();
        string data = WriteChatJsonl(folder);
        string run = Path.Combine(folder, "run");
        var lora = new LoraSettings { Rank = 8, Alpha = 16, Targets = ["q_proj", "v_proj", "o_proj", "down_proj"] };
        using var tuner = new FineTuner(Options("tiny-llama", data, run, lora, steps: 40, lr: 1e-2, sampleEvery: 20));

        Assert.Equal(40, tuner.Data.Examples.Count);
        Assert.Contains(tuner.Data.Errors, e => e.Contains("chat.jsonl:41:", StringComparison.Ordinal));
        Assert.InRange(tuner.Data.TrainableTokens, 1, tuner.Data.Tokens / 2);
        float before = FixedBatchLoss(tuner);
        var summary = tuner.Run();
        float after = FixedBatchLoss(tuner);

        // The training loss on the chat data falls well below where the base model starts.
        Assert.True(after < 0.7f * before, $"loss {before} -> {after}");
        Assert.True(summary.IsLora);
        Assert.True(tuner.Data.ValidationRows > 0);
        Assert.NotNull(summary.Training.FinalValidationLoss);
        Assert.True(File.Exists(Path.Combine(run, TrainingLoop.MetricsFileName)));

        // adapter_config.json carries the keys PEFT's LoraConfig needs.
        string adapter = summary.Training.ModelFolder;
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(adapter, PeftAdapter.ConfigFileName))))
        {
            var root = config.RootElement;
            Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
            Assert.Equal("CAUSAL_LM", root.GetProperty("task_type").GetString());
            Assert.Equal(8, root.GetProperty("r").GetInt32());
            Assert.Equal(16, root.GetProperty("lora_alpha").GetDouble());
            Assert.Equal(Path.GetFullPath(Fixtures.Folder("tiny-llama")), root.GetProperty("base_model_name_or_path").GetString());
            Assert.Equal(lora.Targets, root.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));
        }

        // Tensors named and shaped as PEFT writes them, with trained (non-zero) B.
        using (var file = SafetensorsFile.Open(Path.Combine(adapter, PeftAdapter.WeightsFileName)))
        {
            Assert.Equal(2 * 4 * 2, file.Tensors.Count);
            Assert.Equal(new long[] { 8, 64 }, file.GetInfo("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").Shape);
            Assert.Equal(new long[] { 32, 8 }, file.GetInfo("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight").Shape);
            Assert.Equal(new long[] { 8, 176 }, file.GetInfo("base_model.model.model.layers.1.mlp.down_proj.lora_A.weight").Shape);
            Assert.Contains(file.ReadAsSingle("base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"), v => v != 0);
        }

        // Merged = base + adapter through the runtime's LoRA path = the weights the trainer holds; all differ from the base.
        string merged = Path.Combine(folder, "merged");
        PeftAdapter.Merge(Fixtures.Folder("tiny-llama"), adapter, merged);
        int[] tokens = [1, 88, 301, 17, 2, 1, 412, 9, 33, 250];
        using var baseModel = LlamaModel.Load(Fixtures.Folder("tiny-llama"));
        using var withAdapter = LlamaModel.Load(Fixtures.Folder("tiny-llama"), new LlamaModelOptions { LoraAdapterPath = adapter });
        using var mergedModel = LlamaModel.Load(merged);
        using var snapshot = InferenceSnapshot.Create(tuner.Model);
        var adapted = Logits(withAdapter, tokens);
        Assert.InRange(MaxDifference(Logits(mergedModel, tokens), adapted), 0, 1e-4);
        Assert.InRange(MaxDifference(Logits(snapshot, tokens), adapted), 0, 1e-4);
        Assert.True(MaxDifference(Logits(baseModel, tokens), adapted) > 1e-2);

        // Samples at step 20 and at the end, from the current weights.
        var samples = File.ReadAllLines(Path.Combine(run, TrainingSampler.FileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([20L, 40L], samples.Select(s => s.GetProperty("step").GetInt64()));
        Assert.Equal(Facts[0].Question, samples[0].GetProperty("prompt").GetString());
    }

    [Fact]
    public void FullFineTuningLearnsAndWritesAModelFolderTheRuntimeLoads()
    {
        string folder = TestShards.TempFolder();
        string data = WriteChatJsonl(folder);
        string run = Path.Combine(folder, "run");
        using var tuner = new FineTuner(Options("tiny-qwen2", data, run, lora: null, steps: 25, lr: 3e-3) with { Epochs = null });

        float before = FixedBatchLoss(tuner);
        var summary = tuner.Run();
        float after = FixedBatchLoss(tuner);

        Assert.False(summary.IsLora);
        Assert.True(after < 0.7f * before, $"loss {before} -> {after}");
        Assert.Equal(25, summary.Training.Steps);
        Assert.True(File.Exists(Path.Combine(summary.Training.ModelFolder, "tokenizer.json")));
        Assert.True(File.Exists(Path.Combine(summary.Training.ModelFolder, "chat_template.jinja")));
        int[] tokens = [1, 5, 99, 2, 700, 13];
        using var saved = LlamaModel.Load(summary.Training.ModelFolder);
        using var snapshot = InferenceSnapshot.Create(tuner.Model);
        Assert.InRange(MaxDifference(Logits(saved, tokens), Logits(snapshot, tokens)), 0, 1e-5);
    }

    /// <summary>
    /// A random Gemma 3 (6 layers: five sliding with a window of 16 inside 128-token rows, one global; q/k and sandwich
    /// norms stored as w around 0) with tiny-qwen2's tokenizer and chat template, as a Hugging Face folder.
    /// </summary>
    private static string WriteRandomGemma3(string folder)
    {
        string model = Path.Combine(folder, "gemma3");
        Directory.CreateDirectory(model);
        foreach (string file in new[] { "tokenizer.json", "tokenizer_config.json", "chat_template.jinja" })
            File.Copy(Path.Combine(Fixtures.Folder("tiny-qwen2"), file), Path.Combine(model, file));
        var config = new Wren.Runtime.Formats.HuggingFace.LlamaConfig
        {
            Architecture = Wren.Runtime.Formats.HuggingFace.ModelArchitecture.Gemma3,
            HiddenSize = 64,
            IntermediateSize = 128,
            NumHiddenLayers = 6,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 2,
            HeadDim = 16,
            VocabSize = 1024,
            MaxPositionEmbeddings = 256,
            RopeTheta = 1e6,
            SlidingWindow = 16,
            SlidingLayers = Wren.Runtime.Models.Architectures.GemmaArchitectures.SlidingEvery(6, 6),
            LocalRopeTheta = 10000,
            QueryPreAttnScalar = 16,
            TieWordEmbeddings = true,
        };
        Wren.Runtime.Formats.HuggingFace.LlamaConfigJson.Save(config, model);
        var random = new Random(3);
        var writer = new SafetensorsWriter();
        foreach (var (name, shape, _) in Wren.Training.Model.LlamaTrainingModel.ParameterSpecs(config))
        {
            var values = new float[shape.Aggregate(1, (a, b) => a * b)];
            float sigma = shape.Length == 2 ? 1f / MathF.Sqrt(shape[1]) : 0.1f;
            for (int i = 0; i < values.Length; i++) values[i] = sigma * (float)(random.NextDouble() * 2 - 1) * 1.7f;
            writer.Add(name, values, shape.Select(x => (long)x).ToArray());
        }

        writer.Save(Path.Combine(model, SafetensorsCheckpoint.SingleFileName));
        return model;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gemma3FineTunesFullAndWithLoraAndTheRuntimeLoadsWhatItWrites(bool withLora)
    {
        string folder = TestShards.TempFolder();
        string data = WriteChatJsonl(folder);
        string gemma = WriteRandomGemma3(folder);
        string run = Path.Combine(folder, "run");
        var lora = withLora ? new LoraSettings { Rank = 8, Alpha = 16, Targets = LoraSettings.KnownTargets } : null;
        using var tuner = new FineTuner(Options("tiny-qwen2", data, run, lora, steps: 30, lr: withLora ? 1e-2 : 3e-3) with { BaseModel = gemma, Epochs = null });

        float before = FixedBatchLoss(tuner);
        var summary = tuner.Run();
        float after = FixedBatchLoss(tuner);

        Assert.True(after < 0.7f * before, $"loss {before} -> {after}");
        int[] tokens = [1, 5, 99, 2, 700, 13, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53];
        using var snapshot = InferenceSnapshot.Create(tuner.Model);
        // What was written (the full model's w, or the base with the adapter merged on load) runs as the trainer's weights do.
        using var saved = withLora
            ? LlamaModel.Load(gemma, new LlamaModelOptions { LoraAdapterPath = summary.Training.ModelFolder })
            : LlamaModel.Load(summary.Training.ModelFolder);
        Assert.InRange(MaxDifference(Logits(saved, tokens), Logits(snapshot, tokens)), 0, 1e-4);
    }

    [Fact]
    public void EpochsDecideTheStepCountFromThePackedRows()
    {
        string folder = TestShards.TempFolder();
        string data = WriteChatJsonl(folder);
        using var tuner = new FineTuner(Options("tiny-llama", data, Path.Combine(folder, "run"), new LoraSettings(), steps: 999, lr: 1e-3) with { Epochs = 2 });

        Assert.Equal((long)Math.Ceiling(2.0 * tuner.Data.TrainingRows / 2), tuner.Options.Trainer.Steps);
    }
}
