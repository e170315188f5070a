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
