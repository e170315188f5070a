using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models;

namespace Wren.Runtime.Tests.Models;

/// <summary>Loading checks every tensor against config.json and names what is wrong.</summary>
public sealed class LlamaModelLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MissingTensorIsNamed()
    {
        CopyWithTensors(skip: "model.layers.1.mlp.up_proj.weight");
        var e = Assert.Throws<WrenException>(() => LlamaModel.Load(_dir));
        Assert.Contains("model.layers.1.mlp.up_proj.weight", e.Message);
    }

    [Fact]
    public void ExtraTensorIsNamedWithItsFile()
    {
        CopyWithTensors(extra: "model.layers.2.mlp.up_proj.weight");
        var e = Assert.Throws<WrenException>(() => LlamaModel.Load(_dir));
        Assert.Contains("model.layers.2.mlp.up_proj.weight", e.Message);
        Assert.Contains("model.safetensors", e.Message);
    }

    [Fact]
    public void ShapeMismatchNamesTheTensorAndBothShapes()
    {
        CopyWithTensors(reshape: "model.norm.weight");
        var e = Assert.Throws<WrenException>(() => LlamaModel.Load(_dir));
        Assert.Contains("model.norm.weight", e.Message);
        Assert.Contains("[32]", e.Message);
        Assert.Contains("[64]", e.Message);
    }

    [Fact]
    public void UnsupportedArchitectureIsNamed()
    {
        CopyWithTensors();
        File.WriteAllText(Path.Combine(_dir, "config.json"), File.ReadAllText(Path.Combine(_dir, "config.json")).Replace("LlamaForCausalLM", "FalconForCausalLM"));
        var e = Assert.Throws<WrenException>(() => LlamaModel.Load(_dir));
        Assert.Contains("FalconForCausalLM", e.Message);
    }

    [Fact]
    public void TiedEmbeddingIsTheLmHeadAndUntiedIsSeparate()
    {
        using var tied = LlamaModel.Load(HfReference.Folder("tiny-llama"));
        Assert.Equal(tied.Weights.Embedding.Data, tied.Weights.LmHead.Data);
        using var untied = LlamaModel.Load(HfReference.Folder("tiny-qwen2"));
        Assert.NotEqual(untied.Weights.Embedding.Data, untied.Weights.LmHead.Data);
        Assert.NotNull(untied.Weights.Layers[0].Query.Bias);
        Assert.Null(untied.Weights.Layers[0].Output.Bias);
    }

    private void CopyWithTensors(string? skip = null, string? extra = null, string? reshape = null)
    {
        string source = HfReference.Folder("tiny-llama");
        File.Copy(Path.Combine(source, "config.json"), Path.Combine(_dir, "config.json"));
        using var file = SafetensorsFile.Open(Path.Combine(source, "model.safetensors"));
        var writer = new SafetensorsWriter();
        foreach (var (name, info) in file.Tensors)
        {
            if (name == skip) continue;
            var data = file.ReadAsSingle(name);
            if (name == reshape) writer.Add(name, data[..32], 32);
            else writer.Add(name, data, info.Shape);
            if (name == "model.layers.1.mlp.up_proj.weight" && extra is not null) writer.Add(extra, data, info.Shape);
        }

        writer.Save(Path.Combine(_dir, "model.safetensors"));
    }
}
