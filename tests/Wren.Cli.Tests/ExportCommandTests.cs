using Wren.Runtime.Formats.Gguf;
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
    public async Task Export_gguf_writes_a_file_of_the_requested_type()
    {
        string output = Path.Combine(_dir, "m.gguf");
        int code = await Program.Run(["export", "gguf", "--model", TinyLlama, "--type", "q8_0", "--out", output]);
        Assert.Equal(0, code);
        using GgufReader r = GgufReader.Open(output);
        Assert.Equal(GgmlType.Q8_0, r.GetTensor("blk.0.attn_q.weight").Type);
        Assert.Equal(7, r.Get("general.file_type").AsInt64());
    }

    [Fact]
    public async Task Quantize_is_export_with_quantized_types_only()
    {
        string output = Path.Combine(_dir, "q.gguf");
        Assert.Equal(0, await Program.Run(["quantize", "-m", TinyLlama, "-t", "q4_0", "-o", output]));
        using (GgufReader r = GgufReader.Open(output)) Assert.Equal(GgmlType.Q4_0, r.GetTensor("blk.1.ffn_up.weight").Type);
        Assert.Equal(1, await Program.Run(["quantize", "-m", TinyLlama, "-t", "f16", "-o", output]));
    }

    [Fact]
    public async Task Bad_type_and_missing_model_are_user_errors_and_write_nothing()
    {
        string output = Path.Combine(_dir, "bad.gguf");
        Assert.Equal(1, await Program.Run(["export", "gguf", "--model", TinyLlama, "--type", "q3_k", "--out", output]));
        Assert.Equal(1, await Program.Run(["export", "gguf", "--model", Path.Combine(_dir, "missing"), "--out", output]));
        Assert.False(File.Exists(output));
    }
}
