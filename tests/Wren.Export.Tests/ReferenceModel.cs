using System.Text.Json;

namespace Wren.Export.Tests;

/// <summary>A fixture model folder and what transformers computed from it (ref_outputs.json, encode_cases.json).</summary>
internal sealed class ReferenceModel
{
    public required string Name { get; init; }
    public required string Directory { get; init; }
    public required IReadOnlyList<ReferencePrompt> Prompts { get; init; }
    public required IReadOnlyList<(string Text, int[] Ids)> EncodeCases { get; init; }

    public static ReferenceModel Load(string name)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);
        using JsonDocument outputs = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "ref_outputs.json")));
        var prompts = new List<ReferencePrompt>();
        foreach (JsonElement p in outputs.RootElement.GetProperty("prompts").EnumerateArray())
        {
            prompts.Add(new ReferencePrompt(
                p.GetProperty("text").GetString()!,
                Ints(p.GetProperty("ids")),
                Ints(p.GetProperty("greedy_ids")),
                p.GetProperty("last_logits").EnumerateArray().Select(x => x.GetSingle()).ToArray(),
                p.GetProperty("all_logits_top5").EnumerateArray().Select(Ints).ToArray(),
                p.GetProperty("logits_sum_per_pos").EnumerateArray().Select(x => x.GetDouble()).ToArray()));
        }
        using JsonDocument encode = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "encode_cases.json")));
        var cases = new List<(string, int[])>();
        foreach (JsonElement c in encode.RootElement.GetProperty("cases").EnumerateArray())
            cases.Add((c.GetProperty("text").GetString()!, Ints(c.GetProperty("ids"))));
        if (encode.RootElement.TryGetProperty("chat", out JsonElement chat) && chat.TryGetProperty("rendered", out JsonElement rendered))
            cases.Add((rendered.GetString()!, Ints(chat.GetProperty("ids"))));
        return new ReferenceModel { Name = name, Directory = dir, Prompts = prompts, EncodeCases = cases };
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(x => x.GetInt32()).ToArray();
}

internal sealed record ReferencePrompt(string Text, int[] Ids, int[] GreedyIds, float[] LastLogits, int[][] Top5PerPosition, double[] LogitSumPerPosition);
