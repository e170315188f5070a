namespace Wren.Edge.Tests;

/// <summary>The transformers reference models in tests/TestData/hf-reference (trained, so greedy output is structured).</summary>
internal static class TestModels
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);
}
