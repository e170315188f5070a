using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Data.Documents;

namespace Wren.Data.Tasks;

/// <summary>A message document's parts as the task builders use them: subject, body, addresses and the recorded headers.</summary>
internal sealed record MailMessageFields(string Subject, string Body, IReadOnlyDictionary<string, string> Headers, JsonObject Metadata)
{
    /// <summary>The mail fields of a document that ingest made from a message (text = subject, blank line, body).</summary>
    public static MailMessageFields? From(Document document)
    {
        if (document.Metadata["format"]?.GetValue<string>() != "email") return null;
        string subject = document.Metadata["subject"] is JsonValue s && s.TryGetValue(out string? text) ? text : "";
        string body = subject.Length > 0 && document.Text.StartsWith(subject + "\n\n", StringComparison.Ordinal)
            ? document.Text[(subject.Length + 2)..]
            : subject.Length > 0 && document.Text == subject ? "" : document.Text;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document.Metadata["headers"] is JsonObject recorded)
        {
            foreach (var (name, value) in recorded)
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String) headers[name] = v.GetValue<string>();
        }

        return new MailMessageFields(subject, body, headers, document.Metadata);
    }

    /// <summary>A field for an input template: subject, body, from, to, cc, date, or a recorded header by name.</summary>
    public string? Field(string name) => name.ToLowerInvariant() switch
    {
        "subject" => Subject,
        "body" => Body,
        "text" => Subject.Length > 0 ? Subject + "\n\n" + Body : Body,
        var other => Metadata[other] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
            : Headers.TryGetValue(other, out string? h) ? h : null,
    };

    public static IEnumerable<string> FieldNames => ["subject", "body", "text", "from", "to", "cc", "date"];
}
