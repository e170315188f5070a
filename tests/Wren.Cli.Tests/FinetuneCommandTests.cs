using System.Text.Json;

namespace Wren.Cli.Tests;

public sealed class FinetuneCommandTests
{
    private static string TinyLlama => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");

    private static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "wren-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string WriteChat(string folder)
    {
        string path = Path.Combine(folder, "chat.jsonl");
        var lines = Enumerable.Range(0, 6).Select(i => JsonSerializer.Serialize(new
        {
            messages = new[] { new { role = "user", content = $"Question {i}?" }, new { role = "assistant", content = $"Answer number {i}." } },
        })).Append("{broken").ToArray();
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task FinetuneThenMergeWritesAPeftAdapterMetricsSamplesAndAFullModel()
    {
        string folder = TempFolder();
        string run = Path.Combine(folder, "run");
        int code = await WrenCli.Run(["finetune", "--base", TinyLlama, "--data", WriteChat(folder), "--out", run, "--steps", "4", "--batch", "2", "--seq", "64",
            "--lr", "1e-2", "--lora-rank", "4", "--lora-targets", "q_proj,v_proj,down_proj", "--sample-every", "2", "--threads", "1"]);

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(run, "model", "adapter_config.json")));
        Assert.True(File.Exists(Path.Combine(run, "model", "adapter_model.safetensors")));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "samples.jsonl")).Length);
        using (var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model", "adapter_config.json"))))
            Assert.Equal(["q_proj", "v_proj", "down_proj"], config.RootElement.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));

        string merged = Path.Combine(folder, "merged");
        Assert.Equal(0, await WrenCli.Run(["merge", "--base", TinyLlama, "--adapter", Path.Combine(run, "model"), "--out", merged]));
        Assert.True(File.Exists(Path.Combine(merged, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(merged, "chat_template.jinja")));
    }

    /// <summary>
    /// A random Phi-3 (fused qkv_proj and gate_up_proj, partial rotary, longrope, a SentencePiece-style tokenizer with
    /// Phi-3's chat tokens): LoRA asked for q_proj and v_proj adapts the fused qkv_proj and says so in the PEFT config,
    /// full fine-tuning trains every weight; both runs end and their loss falls.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FinetuningARandomPhi3AdaptsItsFusedProjectionsAndTheLossFalls(bool fullWeights)
    {
        string folder = TempFolder();
        string phi3 = Path.Combine(folder, "phi3");
        var config = new Wren.Runtime.Formats.HuggingFace.LlamaConfig
        {
            Architecture = Wren.Runtime.Formats.HuggingFace.ModelArchitecture.Phi3,
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 4,
            HeadDim = 8,
            VocabSize = 1856,
            MaxPositionEmbeddings = 256,
            PartialRotaryFactor = 0.5,
            RopeScaling = new("longrope", OriginalMaxPositionEmbeddings: 32) { ShortFactor = [1f, 1.1f], LongFactor = [2f, 6f] },
            BosTokenId = 1,
            EosTokenIds = [1832],
        };
        Wren.TestModels.RandomHfModel.Write(phi3, config, Path.Combine(AppContext.BaseDirectory, "TestData", "tokenizer", "phi3-style"), seed: 3);
        string run = Path.Combine(folder, "run");
        string[] mode = fullWeights ? ["--full"] : ["--lora-rank", "4", "--lora-targets", "q_proj,v_proj"];
        int code = await WrenCli.Run(["finetune", "--base", phi3, "--data", WriteChat(folder), "--out", run, "--steps", "12", "--batch", "2", "--seq", "64",
            "--lr", "1e-2", "--warmup", "0", "--schedule", "Constant", "--threads", "1", .. mode]);

        Assert.Equal(0, code);
        double[] losses = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("train_loss").GetDouble()).ToArray();
        Assert.Equal(12, losses.Length);
        Assert.True(losses[^3..].Average() < losses[..3].Average() - 0.1, $"loss {string.Join(", ", losses.Select(x => x.ToString("F3")))}");
        if (fullWeights)
        {
            Assert.True(File.Exists(Path.Combine(run, "model", "model.safetensors")));
            return;
        }

        using (var adapter = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model", "adapter_config.json"))))
            Assert.Equal(["qkv_proj"], adapter.RootElement.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));

        // The runtime merges the fused adapter into q, k and v's rows when it loads base + adapter; `wren merge` merges it
        // into the whole qkv_proj and saves. Both give the same logits, and not the base's.
        string merged = Path.Combine(folder, "merged");
        Assert.Equal(0, await WrenCli.Run(["merge", "--base", phi3, "--adapter", Path.Combine(run, "model"), "--out", merged]));
        int[] prompt = [1, 40, 300, 7, 1000, 52];
        float[] Logits(string model, string? adapterPath)
        {
            using var m = Wren.Runtime.Models.LlamaModel.Load(model, new Wren.Runtime.Models.LlamaModelOptions { LoraAdapterPath = adapterPath });
            using var session = m.CreateSession(new Wren.Runtime.Models.InferenceSessionOptions { Threads = 1, MaxContext = 64 });
            var logits = new float[prompt.Length * config.VocabSize];
            session.Prefill(prompt, logits);
            return logits;
        }

        float[] withAdapter = Logits(phi3, Path.Combine(run, "model")), fromMerge = Logits(merged, null), original = Logits(phi3, null);
        Assert.True(withAdapter.Zip(fromMerge).Max(p => Math.Abs(p.First - p.Second)) < 1e-4, "base + adapter and the merged model disagree");
        Assert.True(withAdapter.Zip(original).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the adapter changed nothing");
    }

    [Fact]
    public async Task StepsAndEpochsTogetherAreAUserError()
    {
        string folder = TempFolder();
        int code = await WrenCli.Run(["finetune", "--base", TinyLlama, "--data", WriteChat(folder), "--out", Path.Combine(folder, "run"), "--steps", "2", "--epochs", "1"]);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task AMissingBaseModelIsAUserError()
    {
        string folder = TempFolder();
        int code = await WrenCli.Run(["finetune", "--base", Path.Combine(folder, "nope"), "--data", WriteChat(folder), "--out", Path.Combine(folder, "run")]);
        Assert.Equal(1, code);
    }
}
