using System.Globalization;
using System.Text.Json.Nodes;

namespace Wren.Data.Sources;

/// <summary>Helpers shared by the record readers (CSV/TSV, JSONL, Parquet, SQL): which field is the text,
/// and how other values become JSON metadata.</summary>
internal static class RecordFields
{
    /// <summary>Field names taken as the text when none is named, in order of preference.</summary>
    public static readonly string[] DefaultTextNames = ["text", "body", "content", "message", "description", "comment", "comments", "note", "notes"];

    /// <summary>The index of the text field: the named one (case-insensitive), else the first default name found.</summary>
    /// <param name="optionName">The option the user sets to choose, for the error message (e.g. "--text-column").</param>
    public static int ChooseText(IReadOnlyList<string> names, string? requested, string optionName)
    {
        if (requested is not null)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], requested, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            throw new Wren.Runtime.WrenException($"no field '{requested}' ({optionName}); fields are: {string.Join(", ", names)}");
        }
        foreach (string candidate in DefaultTextNames)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }
        throw new Wren.Runtime.WrenException($"no text field: name one with {optionName} (fields are: {string.Join(", ", names)})");
    }

    /// <summary>A database or Parquet value as JSON: numbers and booleans stay typed, dates become ISO 8601
    /// strings, bytes become base64, everything else its invariant string.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null or DBNull => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        byte or sbyte or short or ushort or int or uint or long => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        float f => float.IsFinite(f) ? JsonValue.Create((double)f) : JsonValue.Create(f.ToString(CultureInfo.InvariantCulture)),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        decimal m => JsonValue.Create(m),
        DateTime dt => JsonValue.Create(dt.ToString("o", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => JsonValue.Create(dto.ToString("o", CultureInfo.InvariantCulture)),
        DateOnly date => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeSpan ts => JsonValue.Create(ts.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString()),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>A value used as a record id (location) or text: its invariant string.</summary>
    public static string? ToText(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
