using System.Text.Json;
using Wren.Data.Documents;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// One line of <c>rejected/*.jsonl.zst</c>: <c>{"step","rule","value","threshold","evidence"}</c>
/// followed by the document as it was when dropped (still readable as a Document).
/// </summary>
public static class RejectedRecord
{
    public static void Write(Utf8JsonWriter writer, Rejection rejection, Document document)
    {
        WriteReason(writer, rejection);
        writer.WriteString("id", document.Id);
        JsonStringEscaper.WriteString(writer, "text", document.Text);
        writer.WriteString("source", document.Source);
        writer.WritePropertyName("metadata");
        document.Metadata.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>The same record for a document still on its way through the steps (nothing copied).</summary>
    public static void Write(Utf8JsonWriter writer, Rejection rejection, WorkingDocument document)
    {
        WriteReason(writer, rejection);
        document.WriteProperties(writer);
        writer.WriteEndObject();
    }

    private static void WriteReason(Utf8JsonWriter writer, Rejection rejection)
    {
        writer.WriteStartObject();
        writer.WriteString("step", rejection.Step);
        writer.WriteString("rule", rejection.Rule);
        WriteNumber(writer, "value", rejection.Value);
        WriteNumber(writer, "threshold", rejection.Threshold);
        if (rejection.Evidence is not null)
        {
            writer.WriteString("evidence", rejection.Evidence.Length > 500 ? rejection.Evidence.AsSpan(0, 500) : rejection.Evidence);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
