using System.Text.Json.Serialization;

namespace Wren.Server;

/// <summary>The /health answer.</summary>
internal sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("active")] int Active,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("parallel")] int Parallel,
    [property: JsonPropertyName("context")] int Context);
