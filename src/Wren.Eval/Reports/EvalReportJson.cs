using System.Text.Json;
using System.Text.Json.Serialization;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Reports;

/// <summary>Writes <c>eval.json</c> (snake_case, metrics as in lm-evaluation-harness's results), atomically.</summary>
public static class EvalReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(EvalReport report) => JsonSerializer.Serialize(report, Options);

    public static EvalReport? Deserialize(string json) => JsonSerializer.Deserialize<EvalReport>(json, Options);

    public static void Write(EvalReport report, string path) => AtomicFile.WriteAllText(path, Serialize(report));
}
