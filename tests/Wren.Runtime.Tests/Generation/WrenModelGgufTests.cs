using System.Text.Json;
using Wren.Export.Gguf;
using Wren.Runtime.Generation;
using Wren.Runtime.Models;
using Wren.Templates;

namespace Wren.Runtime.Tests.Generation;

/// <summary>
/// A fixture model exported to GGUF by Wren's exporter and loaded back through <see cref="WrenModel.Load"/>
/// (the path <c>wren generate</c>, <c>wren chat</c> and <c>wren serve</c> take) behaves as the Hugging Face
/// folder does: the same ids for every reference encode case and the rendered chat, the same chat
/// template, the reference greedy tokens, and the eos among the stop ids.
/// </summary>
public sealed class WrenModelGgufTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-model-gguf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Export(string name)
    {
        string path = Path.Combine(_dir, name + ".gguf");
        GgufExporter.Export(new GgufExportOptions { ModelDirectory = HfReference.Folder(name), OutputPath = path, Type = GgufExportType.F32 });
        return path;
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void TheGgufTokenizerGivesTheReferenceIdsOfEveryEncodeCase(string name)
    {
        using var gguf = WrenModel.Load(Export(name), ChatTemplates.Jinja);
        using var folder = WrenModel.Load(HfReference.Folder(name), ChatTemplates.Jinja);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(HfReference.Folder(name), "encode_cases.json")));
        int cases = 0;
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            string text = c.GetProperty("text").GetString()!;
            int[] expected = c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            int[] actual = gguf.Tokenizer.Encode(text);
            Assert.True(expected.SequenceEqual(actual), $"{name}: \"{text}\"\nexpected [{string.Join(",", expected)}]\nactual   [{string.Join(",", actual)}]");
            Assert.Equal(folder.Tokenizer.Encode(text), actual);
            Assert.Equal(c.GetProperty("decoded").GetString(), gguf.Tokenizer.Decode(actual));
            cases++;
        }
        Assert.True(cases >= 10);
        Assert.Equal(folder.Tokenizer.VocabularySize, gguf.Tokenizer.VocabularySize);
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void TheChatTemplateComesFromTheMetadataAndRendersTheReferenceChat(string name)
    {
        using var gguf = WrenModel.Load(Export(name), ChatTemplates.Jinja);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(HfReference.Folder(name), "encode_cases.json")));
        JsonElement chat = doc.RootElement.GetProperty("chat");
        var messages = chat.GetProperty("messages").EnumerateArray()
            .Select(m => new TemplateMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
        Assert.NotNull(gguf.Template);
        Assert.Equal(File.ReadAllText(Path.Combine(HfReference.Folder(name), "chat_template.jinja")), gguf.Template!.Source);
        Assert.Equal(chat.GetProperty("rendered").GetString(), gguf.Template.Render(messages, addGenerationPrompt: true));
        Assert.Equal(chat.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(), gguf.EncodeChat(messages));
        Assert.Equal("<|endoftext|>", gguf.Template.EosToken);
        Assert.Contains(0, gguf.StopTokenIds); // eos <|endoftext|>
        Assert.Contains(2, gguf.StopTokenIds); // <|im_end|>: llama.cpp ends generation on it by its text
        Assert.Equal(name, gguf.Name);
    }

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void GreedyTokensFromTheGgufEqualTheFolderAndTransformers(string name)
    {
        using var gguf = WrenModel.Load(Export(name), ChatTemplates.Jinja);
        using var folder = WrenModel.Load(HfReference.Folder(name), ChatTemplates.Jinja);
        LlamaConfigSummary(folder.Model.Config, out string expected);
        LlamaConfigSummary(gguf.Model.Config, out string actual);
        Assert.Equal(expected, actual);
        foreach (ReferencePrompt prompt in HfReference.Prompts(name))
        {
            int[] ids = gguf.Tokenizer.Encode(prompt.Text);
            Assert.Equal(prompt.Ids, ids);
            Assert.Equal(prompt.GreedyIds, Greedy(gguf.Model, ids, prompt.GreedyIds.Length));
            Assert.Equal(Greedy(folder.Model, ids, prompt.GreedyIds.Length), Greedy(gguf.Model, ids, prompt.GreedyIds.Length));
        }
    }

    [Fact]
    public void AFileThatIsNotAGgufOrFolderIsRefusedByName()
    {
        string path = Path.Combine(_dir, "weights.bin");
        File.WriteAllText(path, "not a model");
        var error = Assert.Throws<WrenException>(() => WrenModel.Load(path));
        Assert.Contains("weights.bin", error.Message);
    }

    private static void LlamaConfigSummary(Wren.Runtime.Formats.HuggingFace.LlamaConfig c, out string summary) =>
        summary = $"{c.Architecture} C={c.HiddenSize} FF={c.IntermediateSize} L={c.NumHiddenLayers} H={c.NumAttentionHeads} Hkv={c.NumKeyValueHeads} D={c.HeadDim} V={c.VocabSize} "
            + $"eps={(float)c.RmsNormEps} theta={c.RopeTheta} rope={c.RopeScaling} tied={c.TieWordEmbeddings} qkvBias={c.QkvBias} ctx={c.MaxPositionEmbeddings}";

    private static int[] Greedy(LlamaModel model, int[] prompt, int steps)
    {
        using var session = model.CreateSession(new InferenceSessionOptions { Threads = 1 });
        var result = new int[steps];
        int next = ArgMax(session.Prefill(prompt));
        for (int i = 0; i < steps; i++)
        {
            result[i] = next;
            if (i + 1 < steps) next = ArgMax(session.Decode(next));
        }
        return result;
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
