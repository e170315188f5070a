using System.Text.Json;

namespace Wren.Pipeline.Build;

/// <summary>DIR/sample/generations.json: the sample stage's prompts and the model's continuations.</summary>
public static class SampleGenerations
{
    public const string FileName = "generations.json";

    /// <summary>The generations of a build folder, in order; none when the sample stage has not run.</summary>
    public static IReadOnlyList<(string Prompt, string Text)> Read(string buildDirectory)
    {
        string path = Path.Combine(buildDirectory, BuildStages.Sample, FileName);
        if (!File.Exists(path)) return [];
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("prompt").GetString() ?? "", e.GetProperty("text").GetString() ?? ""))
            .ToList();
    }
}
