namespace Wren.Runtime.Hub;

/// <summary>What to pull besides the model's name.</summary>
public sealed record HubPullOptions
{
    /// <summary>Only repository paths matching one of these fnmatch patterns (<c>*.safetensors</c>, <c>onnx/</c>); all when empty.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>A folder to put the files in (huggingface_hub's <c>local_dir</c>) instead of the cache's snapshot folder.</summary>
    public string? LocalDirectory { get; init; }
}
