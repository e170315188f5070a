using System.Text.Json.Serialization;

namespace Wren.Server;

/// <summary>The /v1/models answer.</summary>
internal sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelEntry> Data)
{
    [JsonPropertyName("object")]
    public string Object => "list";
}
