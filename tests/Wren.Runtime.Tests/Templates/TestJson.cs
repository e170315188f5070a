using System.Text.Json;

namespace Wren.Runtime.Tests.Templates;

/// <summary>Serializer options for turning anonymous test objects into JSON variables.</summary>
internal static class TestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);
}
