using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wren.Data.Curation.Pipeline;

/// <summary>JSON settings for statistics files: snake_case names, indented, non-finite numbers as strings.</summary>
public static class StatisticsJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteTaskStats(string path, StepStatistics[] statistics) =>
        Wren.Runtime.Diagnostics.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(statistics, Options));

    public static StepStatistics[] ReadTaskStats(string path) =>
        JsonSerializer.Deserialize<StepStatistics[]>(File.ReadAllText(path), Options) ?? [];
}
