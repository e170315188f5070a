using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Wren.Templates;

/// <summary>Source-generated JSON metadata, so converting <see cref="JsonNode"/> values stays trim- and AOT-safe.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class TemplateJsonContext : JsonSerializerContext;
