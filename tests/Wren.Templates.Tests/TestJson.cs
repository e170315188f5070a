using System.Text.Json;

namespace Wren.Templates.Tests;

/// <summary>Serializer options for turning anonymous test objects into JSON variables.</summary>
internal static class TestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);
}
