using Wren.Export.HuggingFace;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Training.Data;
using Wren.Training.Trainer;

namespace Wren.Cli.Tests;

/// <summary>The way out to torchrun and back: wren handoff torchrun, then wren import of what PyTorch saved.</summary>
public sealed class HandoffImportCommandTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-cli-handoff-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task HandoffWritesTheLauncherAndStartsFromTheRunsWeightsWhenAsked()
    {
        string run = Path.Combine(_dir, "run");
        using (var writer = new TokenShardWriter(Path.Combine(run, "tokens"), "train", 1024)) writer.Write(Enumerable.Range(0, 3000).Select(i => i % 1024).ToArray());
        new TrainingRunManifest
        {
            DataFolder = Path.Combine(run, "tokens"),
            TokenizerFolder = Path.Combine(Fixtures, "tiny-llama"),
            ModelConfig = LlamaConfigJson.Load(Path.Combine(Fixtures, "tiny-llama")),
            BatchSize = 8,
            SequenceLength = 64,
            Options = new TrainerOptions { OutputFolder = run, Steps = 100 },
        }.Save(run);
        Directory.CreateDirectory(Path.Combine(run, "model"));
        foreach (string file in Directory.GetFiles(Path.Combine(Fixtures, "tiny-llama"))) File.Copy(file, Path.Combine(run, "model", Path.GetFileName(file)));

        string output = Path.Combine(_dir, "handoff");
        Assert.Equal(0, await WrenCli.Run(["handoff", "torchrun", "--run", run, "--gpus", "2", "--out", output, "--init-from-run"]));
        string launch = File.ReadAllText(Path.Combine(output, "launch.sh"));
        Assert.Contains("--init-from \"$HERE/init\"", launch, StringComparison.Ordinal);
        Assert.Contains("--micro-batch 4", launch, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "init", "model.safetensors")));
        Assert.Equal(1, await WrenCli.Run(["handoff", "torchrun", "--run", run, "--gpus", "0"]));
    }

    [Fact]
    public async Task ImportBringsAShardedBf16CheckpointBackAsAModelThatGenerates()
    {
        string checkpoints = Path.Combine(_dir, "checkpoints");
        HfModelExporter.Export(new HfExportOptions
        {
            ModelDirectory = Path.Combine(Fixtures, "tiny-qwen2"),
            OutputDirectory = Path.Combine(checkpoints, "final"),
            DType = SafetensorsDType.BF16,
            MaxShardBytes = 100_000,
        });
        string model = Path.Combine(_dir, "model");
        Assert.Equal(0, await WrenCli.Run(["import", "--checkpoint", checkpoints, "--out", model]));
        using (var file = SafetensorsFile.Open(Path.Combine(model, "model.safetensors")))
            Assert.All(file.Tensors.Values, t => Assert.Equal(SafetensorsDType.F32, t.DType));
        Assert.Equal(0, await WrenCli.Run(["generate", "--model", model, "--prompt", "The Union", "--max-tokens", "4"]));
        Assert.Equal(1, await WrenCli.Run(["import", "--checkpoint", Path.Combine(_dir, "nowhere"), "--out", Path.Combine(_dir, "m2")]));
    }
}
