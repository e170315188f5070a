using System.Text.Json.Serialization;

namespace Wren.Server;

/// <summary>One entry of /v1/models.</summary>
internal sealed record ModelEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created)
{
    [JsonPropertyName("object")]
    public string Object => "model";

    [JsonPropertyName("owned_by")]
    public string OwnedBy => "wren";
}
