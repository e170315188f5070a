using System.Text.Json.Serialization;

namespace Wren.Server;

internal sealed record ModelEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created)
{
    [JsonPropertyName("object")]
    public string Object => "model";

    [JsonPropertyName("owned_by")]
    public string OwnedBy => "wren";
}

internal sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelEntry> Data)
{
    [JsonPropertyName("object")]
    public string Object => "list";
}

internal sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("active")] int Active,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("parallel")] int Parallel,
    [property: JsonPropertyName("context")] int Context);

/// <summary>Source-generated JSON for the small fixed responses.</summary>
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
