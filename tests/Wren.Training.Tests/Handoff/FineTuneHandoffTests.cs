using System.Diagnostics;
using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Tokenization;
using Wren.Training.FineTuning;
using Wren.Training.Handoff;
using Wren.Training.Lora;

namespace Wren.Training.Tests.Handoff;

/// <summary>
/// The fine-tune handoff folder: the tokens and loss mask Wren made with the base model's chat template, finetune.py
/// (compiles under python3, and its dry run reads the data with the standard library and prints the plan) and the
/// launcher's arguments. Training itself needs a GPU with torch, transformers and peft.
/// </summary>
public sealed class FineTuneHandoffTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-finetune-handoff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Chat(string name, int conversations)
    {
        string path = Path.Combine(_dir, name);
        var lines = new List<string>();
        for (int i = 0; i < conversations; i++)
        {
            lines.Add(JsonSerializer.Serialize(new
            {
                messages = new object[]
                {
                    new { role = "user", content = $"Where is order {i}?" },
                    new { role = "assistant", content = $"Order {i} left the warehouse on Monday." },
                },
            }));
        }

        lines.Add("{\"messages\": [{\"role\": \"user\", \"content\": \"no answer\"}]}");
        File.WriteAllLines(path, lines);
        return path;
    }

    private FineTuneHandoffResult Handoff(FineTuneMethod method = FineTuneMethod.Lora, int gpus = 2) => FineTuneHandoff.Write(new FineTuneHandoffOptions
    {
        BaseModel = Fixtures.Folder("tiny-llama"),
        TrainData = Chat("train.jsonl", 10),
        ValidationData = Chat("val.jsonl", 2),
        OutputFolder = Path.Combine(_dir, "out"),
        Method = method,
        GpusPerNode = gpus,
        MicroBatch = 2,
        GradientAccumulation = 1,
        Epochs = 2,
        Lora = new LoraSettings { Rank = 8, Alpha = 16, Targets = ["q_proj", "v_proj"] },
    });

    [Fact]
    public void TheDataIsTheChatTemplatesTokensWithTheAssistantsTurnsAsLabels()
    {
        var result = Handoff();

        Assert.Equal(10, result.TrainExamples);
        Assert.Equal(2, result.ValidationExamples);
        Assert.Contains(result.Errors, e => e.Contains("train.jsonl:11", StringComparison.Ordinal));
        // The same conversation through wren finetune's own path gives the same ids and mask.
        var tokenizer = BpeTokenizer.Load(Fixtures.Folder("tiny-llama"));
        var expected = SftExample.Build(
            [new ChatMessage("user", "Where is order 0?"), new ChatMessage("assistant", "Order 0 left the warehouse on Monday.")],
            FineTuner.LoadRenderer(Fixtures.Folder("tiny-llama"), tokenizer), new BpeTextTokenizer(tokenizer));
        using var line = JsonDocument.Parse(File.ReadLines(Path.Combine(result.OutputFolder, "data", "train.jsonl")).First());
        var ids = line.RootElement.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var labels = line.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(expected.Tokens, ids);
        Assert.Equal(expected.Tokens.Select((t, i) => expected.Trainable[i] ? t : -100), labels);
        Assert.Contains(-100, labels);
        Assert.Contains(labels, l => l >= 0);
        Assert.Equal(expected.TrainableCount * 10L, result.TrainedTokens, tolerance: expected.TrainableCount * 2);
        // 10 examples x 2 epochs / (2 per GPU x 2 GPUs) = 5 steps.
        Assert.Equal(5, result.Steps);
        Assert.Equal(2e-4, result.LearningRate);
    }

    [Fact]
    public void TheScriptCompilesAndItsDryRunReadsTheDataAndPlansTheSameSteps()
    {
        var result = Handoff(FineTuneMethod.QLora);
        string script = Path.Combine(result.OutputFolder, FineTuneHandoff.ScriptName);

        var compile = Run("python3", ["-m", "py_compile", script]);
        Assert.True(compile.Code == 0, compile.Stderr);

        var dry = Run("bash", [Path.Combine(result.OutputFolder, "launch.sh"), "--dry-run"]);
        Assert.True(dry.Code == 0, dry.Stderr);
        using var plan = JsonDocument.Parse(dry.Stdout);
        Assert.Equal("qlora", plan.RootElement.GetProperty("method").GetString());
        Assert.Equal(10, plan.RootElement.GetProperty("train_examples").GetInt32());
        Assert.Equal(2, plan.RootElement.GetProperty("val_examples").GetInt32());
        Assert.Equal(2, plan.RootElement.GetProperty("world_size").GetInt32());
        Assert.Equal(result.Steps, plan.RootElement.GetProperty("steps").GetInt64());
        Assert.Equal(result.TrainedTokens, plan.RootElement.GetProperty("trained_tokens").GetInt64());
        Assert.Equal(result.TrainTokens, plan.RootElement.GetProperty("train_tokens").GetInt64());
        Assert.Equal(Fixtures.Folder("tiny-llama"), plan.RootElement.GetProperty("base").GetString());
    }

    [Fact]
    public void ConversationsCutToTheSequenceLengthAreCountedAsTheScriptCountsThem()
    {
        FineTuneHandoffResult Write(string folder, int sequenceLength) => FineTuneHandoff.Write(new FineTuneHandoffOptions
        {
            BaseModel = Fixtures.Folder("tiny-llama"),
            TrainData = Chat("train.jsonl", 10),
            OutputFolder = Path.Combine(_dir, folder),
            SequenceLength = sequenceLength,
            MicroBatch = 1,
            GradientAccumulation = 1,
            Epochs = 1,
        });

        // The ten conversations render to the same length; three tokens less cuts each into its answer.
        int length = (int)(Write("whole", 2048).TrainTokens / 10);
        var result = Write("cut", length - 3);

        var dry = Run("python3", [Path.Combine(result.OutputFolder, FineTuneHandoff.ScriptName), "--base", "b", "--data", Path.Combine(result.OutputFolder, "data"),
            "--out", "o", "--seq-len", (length - 3).ToString(System.Globalization.CultureInfo.InvariantCulture), "--micro-batch", "1", "--grad-accum", "1", "--epochs", "1", "--dry-run"]);
        Assert.True(dry.Code == 0, dry.Stderr);
        using var plan = JsonDocument.Parse(dry.Stdout);
        Assert.Equal(10, result.Truncated);
        Assert.Equal(10L * (length - 3), result.TrainTokens);
        Assert.Equal(result.TrainExamples, plan.RootElement.GetProperty("train_examples").GetInt32());
        Assert.Equal(result.TrainTokens, plan.RootElement.GetProperty("train_tokens").GetInt64());
        Assert.Equal(result.TrainedTokens, plan.RootElement.GetProperty("trained_tokens").GetInt64());
    }

    [Fact]
    public void TheLauncherPassesTheMethodLoraSettingsAndBatchToTorchrun()
    {
        var result = Handoff(FineTuneMethod.Lora, gpus: 4);
        string launch = File.ReadAllText(Path.Combine(result.OutputFolder, "launch.sh"));

        foreach (string arg in new[] { "--method lora", "--lora-r 8", "--lora-alpha 16", "--target-modules q_proj,v_proj", "--micro-batch 2", "--grad-accum 1", "--epochs 2", "--lr 0.0002" })
            Assert.Contains("  " + arg + "\n", launch, StringComparison.Ordinal);
        Assert.Contains("NPROC=\"${NPROC:-4}\"", launch, StringComparison.Ordinal);
        Assert.Contains("exec torchrun --standalone --nproc_per_node \"$NPROC\" \"$HERE/finetune.py\"", launch, StringComparison.Ordinal);
        Assert.Contains("wren import --adapter", launch, StringComparison.Ordinal);

        var full = Run("bash", ["-n", Path.Combine(result.OutputFolder, "launch.sh")]);
        Assert.True(full.Code == 0, full.Stderr);
    }

    [Fact]
    public void AFullFineTuneHasNoLoraArgumentsAndASmallerLearningRate()
    {
        var result = Handoff(FineTuneMethod.Full);
        string launch = File.ReadAllText(Path.Combine(result.OutputFolder, "launch.sh"));

        Assert.Contains("  --method full\n", launch, StringComparison.Ordinal);
        Assert.DoesNotContain("--lora-r", launch, StringComparison.Ordinal);
        Assert.Equal(2e-5, result.LearningRate);
        Assert.Contains("wren import --checkpoint", launch, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingBaseModelIsAnErrorNamingIt()
    {
        var e = Assert.Throws<WrenException>(() => FineTuneHandoff.Write(new FineTuneHandoffOptions
        {
            BaseModel = Path.Combine(_dir, "nope"),
            TrainData = Chat("train.jsonl", 1),
            OutputFolder = Path.Combine(_dir, "out"),
        }));
        Assert.Contains("nope", e.Message, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
