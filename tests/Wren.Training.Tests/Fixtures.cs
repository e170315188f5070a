using System.Text.Json;

namespace Wren.Training.Tests;

/// <summary>Paths to the transformers/PyTorch reference fixtures copied next to the test assembly, and the fixture batch.</summary>
internal static class Fixtures
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);

    public static string File(string folder, string file) => Path.Combine(Folder(folder), file);

    /// <summary>The 4 x 32 batch of ref_grads.json, flattened row-major, and its loss.</summary>
    public static (int[] Inputs, int[] Targets, float Loss, int Batch, int Time) GradBatch(string model)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File(model, "ref_grads.json")));
        var root = doc.RootElement;
        static int[] Flatten(JsonElement rows, out int b, out int t)
        {
            var list = new List<int>();
            b = rows.GetArrayLength();
            t = rows[0].GetArrayLength();
            foreach (var row in rows.EnumerateArray())
                foreach (var id in row.EnumerateArray()) list.Add(id.GetInt32());
            return list.ToArray();
        }

        var inputs = Flatten(root.GetProperty("input_ids"), out int batch, out int time);
        var targets = Flatten(root.GetProperty("targets"), out _, out _);
        return (inputs, targets, root.GetProperty("loss").GetSingle(), batch, time);
    }

    /// <summary>max |a - b| / ||b|| (the tolerance measure of the fixtures' README).</summary>
    public static double RelativeToNorm(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double norm = 0, max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            norm += (double)expected[i] * expected[i];
            max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
        }

        return max / Math.Max(Math.Sqrt(norm), 1e-30);
    }
}
