using System.Text.Json;

namespace Wren.Runtime.Tests;

/// <summary>Paths and parsed outputs of the transformers reference fixtures copied next to the tests.</summary>
internal static class HfReference
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);

    public static IReadOnlyList<ReferencePrompt> Prompts(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder(model), "ref_outputs.json")));
        var list = new List<ReferencePrompt>();
        foreach (var p in doc.RootElement.GetProperty("prompts").EnumerateArray())
        {
            list.Add(new ReferencePrompt(
                p.GetProperty("text").GetString()!,
                p.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                p.GetProperty("last_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
                p.GetProperty("all_logits_top5").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray(),
                p.GetProperty("greedy_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray()));
        }

        return list;
    }
}

internal sealed record ReferencePrompt(string Text, int[] Ids, float[] LastLogits, int[][] Top5, int[] GreedyIds);
