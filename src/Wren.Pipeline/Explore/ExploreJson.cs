using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Explore;

/// <summary>
/// <c>explore.json</c>: one object, snake_case, with <c>documents</c>, <c>tokens</c>, <c>languages</c>, <c>pii</c>,
/// <c>kept_fraction</c> and <c>candidates</c> (each with <c>kind</c>, <c>source</c>, <c>examples</c>, <c>labels</c>,
/// <c>baseline</c> and <c>command</c>) at the top, and the inventory, quality and cost sections beside them.
/// </summary>
public static class ExploreJson
{
    public const string FileName = "explore.json";

    /// <summary>The spam-like messages, one source per line, when nothing labels spam.</summary>
    public const string SpamLikeFileName = "spam-like.txt";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(ExploreReport report) => JsonSerializer.Serialize(report, Options);

    public static ExploreReport Deserialize(string json) => JsonSerializer.Deserialize<ExploreReport>(json, Options)!;

    /// <summary>Writes DIR/explore.json and DIR/explore.html (each atomically) and returns their paths.</summary>
    public static (string Json, string Html) Write(ExploreReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        string json = Path.Combine(folder, FileName);
        string html = Path.Combine(folder, ExploreHtml.FileName);
        AtomicFile.WriteAllText(json, Serialize(report) + "\n");
        AtomicFile.WriteAllText(html, ExploreHtml.Render(report));
        string spam = Path.Combine(folder, SpamLikeFileName);
        if (report.SpamLikeMessages.Count > 0) AtomicFile.WriteAllText(spam, string.Join("\n", report.SpamLikeMessages) + "\n");
        else AtomicFile.TryDelete(spam);
        return (json, html);
    }
}
