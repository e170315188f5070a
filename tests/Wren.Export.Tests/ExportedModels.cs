using System.Collections.Concurrent;
using Wren.Export.Gguf;

namespace Wren.Export.Tests;

/// <summary>Exports each (fixture, type) once per test run into a temporary folder shared by the tests.</summary>
public sealed class ExportedModels : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-export-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ConcurrentDictionary<(string, GgufExportType), Lazy<GgufExportResult>> _exports = new();

    public GgufExportResult Get(string model, GgufExportType type) =>
        _exports.GetOrAdd((model, type), key => new Lazy<GgufExportResult>(() =>
        {
            Directory.CreateDirectory(_root);
            return GgufExporter.Export(new GgufExportOptions
            {
                ModelDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", key.Item1),
                OutputPath = Path.Combine(_root, $"{key.Item1}-{key.Item2.ToString().ToLowerInvariant()}.gguf"),
                Type = key.Item2,
            });
        })).Value;

    public string TempPath(string name)
    {
        Directory.CreateDirectory(_root);
        return Path.Combine(_root, name);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
