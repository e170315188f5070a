using System.Text.Json;
using Wren.Tests.Peers;

namespace Wren.Cli.Tests;

public sealed class GenerateCommandTests
{
    [Fact]
    public async Task GreedyJsonOutputHoldsTransformersGreedyIdsAndTheirText()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        var (code, json, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me Ishmael. Some years ago", "--max-tokens", "24", "--greedy", "--json", "--threads", "1");
        Assert.Equal(0, code);
        Assert.Contains("time to first token", stderr, StringComparison.Ordinal);
        Assert.Contains("decode", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        // ref_outputs.json, prompt 2: transformers' greedy continuation
        int[] expected = [14, 321, 362, 402, 276, 67, 342, 283, 262, 275, 282, 82, 282, 305, 270, 262, 515, 445, 14, 286, 262, 515, 445, 14];
        Assert.Equal(expected, doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(", I have been paid to the corporation of the United States, and the United States,", doc.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task APhi2FolderAndItsGgufExportGenerateTheSameGreedyTokens()
    {
        string dir = Directory.CreateTempSubdirectory("wren-phi2-").FullName;
        try
        {
            string folder = Path.Combine(dir, "phi2"), gguf = Path.Combine(dir, "phi2.gguf");
            var config = Wren.TestModels.TinyPhi2.Config;
            Wren.TestModels.RandomHfModel.Write(folder, config, Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-qwen2"), seed: 5);
            Assert.Equal(0, await WrenCli.Run(["export", "gguf", "--model", folder, "--type", "f32", "--out", gguf]));
            var ids = new List<int[]>();
            foreach (string model in new[] { folder, gguf })
            {
                var (code, json, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me Ishmael.", "--max-tokens", "12", "--greedy", "--json", "--threads", "1");
                Assert.True(code == 0, stderr);
                using var doc = JsonDocument.Parse(json);
                ids.Add(doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            }

            Assert.Equal(12, ids[0].Length);
            Assert.Equal(ids[0], ids[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task AJsonSchemaFileMakesTheOutputValidJson()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        string dir = Directory.CreateTempSubdirectory("wren-schema-").FullName;
        try
        {
            string schema = """{"type":"object","properties":{"name":{"type":"string","maxLength":10},"year":{"type":"integer","minimum":1800,"maximum":2100},"tags":{"type":"array","items":{"enum":["sea","whale"]}}},"required":["name","year","tags"],"additionalProperties":false}""";
            string path = Path.Combine(dir, "book.schema.json");
            File.WriteAllText(path, schema);
            var (code, stdout, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me Ishmael.", "--max-tokens", "60", "--seed", "3", "--json-schema", path, "--threads", "1");
            Assert.True(code == 0, stderr);
            Assert.Null(JsonSchemaPeer.Validate(schema, stdout.Trim()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task AnUnsupportedSchemaFileIsRefusedNamingTheKeyword()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"type":"object","properties":{"a":{"type":"string","pattern":"(a)\\1"}}}""");
            var (code, _, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "x", "--json-schema", path);
            Assert.Equal(1, code);
            Assert.Contains("#/properties/a/pattern", stderr, StringComparison.Ordinal);
            Assert.Contains("\\1 is not supported", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TheContextIsAnOptionAPromptLongerThanItIsRefusedAndOnePastTheTrainedPositionsIsSaidSo()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        var (code, _, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me Ishmael. Some years ago, never mind how long precisely", "--context", "8", "--threads", "1");
        Assert.Equal(1, code);
        Assert.Contains("the context holds 8", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await WrenCli.Capture("generate", "--model", model, "--prompt", "Call me", "--context", "512", "--max-tokens", "2", "--threads", "1");
        Assert.Equal(0, code);
        Assert.Contains("past the 256 positions the model was trained on", stderr, StringComparison.Ordinal);
    }
}
