using Wren.Runtime.Formats.Gguf;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Quantization;

namespace Wren.Cli.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-cli-export-" + Guid.NewGuid().ToString("N")[..8]);
    private static readonly string TinyLlama = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task ExportGgufWritesAFileOfTheRequestedType()
    {
        string output = Path.Combine(_dir, "m.gguf");
        int code = await WrenCli.Run(["export", "gguf", "--model", TinyLlama, "--type", "q8_0", "--out", output]);
        Assert.Equal(0, code);
        using GgufReader r = GgufReader.Open(output);
        Assert.Equal(GgmlType.Q8_0, r.GetTensor("blk.0.attn_q.weight").Type);
        Assert.Equal(7, r.Get("general.file_type").AsInt64());
    }

    [Fact]
    public async Task QuantizeIsExportWithQuantizedTypesOnly()
    {
        string output = Path.Combine(_dir, "q.gguf");
        Assert.Equal(0, await WrenCli.Run(["quantize", "-m", TinyLlama, "-t", "q4_0", "-o", output]));
        using (GgufReader r = GgufReader.Open(output)) Assert.Equal(GgmlType.Q4_0, r.GetTensor("blk.1.ffn_up.weight").Type);
        Assert.Equal(1, await WrenCli.Run(["quantize", "-m", TinyLlama, "-t", "f16", "-o", output]));
    }

    [Fact]
    public async Task BadTypeAndMissingModelAreUserErrorsAndWriteNothing()
    {
        string output = Path.Combine(_dir, "bad.gguf");
        Assert.Equal(1, await WrenCli.Run(["export", "gguf", "--model", TinyLlama, "--type", "q3_k", "--out", output]));
        Assert.Equal(1, await WrenCli.Run(["export", "gguf", "--model", Path.Combine(_dir, "missing"), "--out", output]));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task ExportHfTakesARunFoldersNewestCheckpointThenItsFinalModel()
    {
        string run = Path.Combine(_dir, "run");
        CopyFolder(TinyLlama, Path.Combine(run, "checkpoints", "step-00000010"));
        File.WriteAllText(Path.Combine(run, "checkpoints", "step-00000010", "trainer_state.json"), "{}");
        string output = Path.Combine(_dir, "hf");
        Assert.Equal(0, await WrenCli.Run(["export", "hf", "--model", run, "--out", output, "--dtype", "bf16"]));
        using (var file = SafetensorsFile.Open(Path.Combine(output, "model.safetensors")))
            Assert.All(file.Tensors.Values, t => Assert.Equal(SafetensorsDType.BF16, t.DType));
        Assert.Contains("\"torch_dtype\": \"bfloat16\"", File.ReadAllText(Path.Combine(output, "config.json")), StringComparison.Ordinal);

        CopyFolder(Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-qwen2"), Path.Combine(run, "model"));
        Assert.Equal(0, await WrenCli.Run(["export", "hf", "--model", run, "--out", output]));
        Assert.Contains("Qwen2ForCausalLM", File.ReadAllText(Path.Combine(output, "config.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportHfOfALoraAdapterIsAUserErrorThatNamesWrenMerge()
    {
        string adapter = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama-lora");
        var (code, _, error) = await WrenCli.Capture("export", "hf", "--model", adapter, "--out", Path.Combine(_dir, "x"));
        Assert.Equal(1, code);

        Assert.Contains("wren merge --base", error, StringComparison.Ordinal);
        Assert.Equal(1, await WrenCli.Run(["export", "hf", "--model", TinyLlama, "--out", Path.Combine(_dir, "y"), "--dtype", "q4_0"]));
        Assert.False(Directory.Exists(Path.Combine(_dir, "y")));
    }

    private static void CopyFolder(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
    }
}
