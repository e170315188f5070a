using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Formats.Safetensors;

namespace Wren.Export.HuggingFace;

/// <summary>
/// The exporter's view of a Hugging Face checkpoint (<c>model.safetensors</c>, or shards listed in
/// <c>model.safetensors.index.json</c>): tensor names, shapes, and F32/F16/BF16 data widened to
/// float. Parsing and validation are the runtime's <see cref="SafetensorsCheckpoint"/>; the files are
/// memory-mapped, so exporting copies one tensor at a time into memory.
/// </summary>
internal sealed class HfCheckpointReader : IDisposable
{
    private readonly SafetensorsCheckpoint _checkpoint;

    private HfCheckpointReader(SafetensorsCheckpoint checkpoint) => _checkpoint = checkpoint;

    public IEnumerable<string> Names => _checkpoint.TensorNames;

    public static HfCheckpointReader Open(string modelDirectory) => new(SafetensorsCheckpoint.Open(modelDirectory));

    public bool Contains(string name) => _checkpoint.Contains(name);

    /// <summary>Shape in PyTorch order (slowest dimension first).</summary>
    public long[] Shape(string name) => Get(name).GetInfo(name).Shape;

    /// <summary>The tensor's values as floats (exact for F32, F16 and BF16).</summary>
    public float[] ReadSingle(string name) => Get(name).ReadAsSingle(name);

    public void Dispose() => _checkpoint.Dispose();

    private SafetensorsFile Get(string name) =>
        _checkpoint.Contains(name) ? _checkpoint.FileOf(name) : throw new WrenException($"{_checkpoint.Folder}: checkpoint has no tensor '{name}'");

    /// <summary>Parses a JSON file of the model folder, naming the file when it is not valid JSON.</summary>
    internal static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new WrenException($"{path}: is not valid JSON ({ex.Message})");
        }
    }
}
