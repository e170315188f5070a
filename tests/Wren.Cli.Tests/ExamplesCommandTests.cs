namespace Wren.Cli.Tests;

/// <summary>
/// The way from mail to a GPU fine-tune and back, through the CLI: wren examples replies, wren examples chat,
/// wren plan finetune, wren handoff finetune, wren import --adapter.
/// </summary>
public sealed class ExamplesCommandTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference");
    private static readonly string Threads = Path.Combine(AppContext.BaseDirectory, "TestData", "mail-replies");
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-cli-examples-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task MailRepliesBecomeChatDataAHandoffAPriceAndAnAdapterComesBack()
    {
        string replies = Path.Combine(_dir, "replies"), chat = Path.Combine(_dir, "chat"), gpu = Path.Combine(_dir, "gpu");
        var made = await WrenCli.Capture("examples", "replies", "--mail", Threads, "--out", replies, "--val", "0", "--test", "0");
        Assert.True(made.ExitCode == 0, made.Error);
        Assert.Contains("replies found │ 4", made.Out, StringComparison.Ordinal);

        var converted = await WrenCli.Capture("examples", "chat", "--task", replies, "--out", chat, "--system", "You answer list mail.");
        Assert.True(converted.ExitCode == 0, converted.Error);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(chat, "train.jsonl")).Length);

        string baseModel = Path.Combine(Fixtures, "tiny-llama");
        var priced = await WrenCli.Capture("plan", "finetune", "--base", baseModel, "--data", Path.Combine(chat, "train.jsonl"), "--gpu", "L4", "--price", "0.80");
        Assert.True(priced.ExitCode == 0, priced.Error);
        Assert.Contains("4 conversations", priced.Out, StringComparison.Ordinal);
        Assert.Contains("at $0.80/GPU-hour", priced.Out, StringComparison.Ordinal);

        var handed = await WrenCli.Capture("handoff", "finetune", "--base", baseModel, "--data", Path.Combine(chat, "train.jsonl"), "--method", "qlora", "--out", gpu);
        Assert.True(handed.ExitCode == 0, handed.Error);
        Assert.True(File.Exists(Path.Combine(gpu, "finetune.py")));
        Assert.Contains("--method qlora", File.ReadAllText(Path.Combine(gpu, "launch.sh")), StringComparison.Ordinal);

        // What PEFT saved on the GPU comes back: here the PEFT fixture adapter of the same base.
        string model = Path.Combine(_dir, "model");
        var imported = await WrenCli.Capture("import", "--adapter", Path.Combine(Fixtures, "tiny-llama-lora"), "--base", baseModel, "--out", model);
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Contains("checked: tensors and shapes against the base", imported.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(model, "adapter", "adapter_model.safetensors")));

        var missingBase = await WrenCli.Capture("import", "--adapter", Path.Combine(Fixtures, "tiny-llama-lora"), "--out", model);
        Assert.Equal(1, missingBase.ExitCode);
        Assert.Contains("--base", missingBase.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTeacherNeedsAnAbsoluteUrlAndAKnownKind()
    {
        var badKind = await WrenCli.Capture("examples", "teacher", "--kind", "poems", "--docs", "d.jsonl", "--out", Path.Combine(_dir, "t"), "--teacher-url", "http://127.0.0.1:9/v1", "--teacher-model", "m");
        Assert.Equal(1, badKind.ExitCode);
        Assert.Contains("--kind 'poems'", badKind.Error, StringComparison.Ordinal);
        var badUrl = await WrenCli.Capture("examples", "teacher", "--docs", "d.jsonl", "--out", Path.Combine(_dir, "t"), "--teacher-url", "localhost:11434", "--teacher-model", "m");
        Assert.Equal(1, badUrl.ExitCode);
        Assert.Contains("--teacher-url", badUrl.Error, StringComparison.Ordinal);
    }
}
