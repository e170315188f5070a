using System.Text.Json.Serialization;

namespace Wren.Server;

/// <summary>Source-generated JSON for the small fixed responses.</summary>
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
