using System.Globalization;
using System.Text;

namespace Wren.Samples.Generator.Records;

/// <summary>
/// Writes <c>tickets.csv</c> (id,created,customer,subject,body) the way Excel and most exporters do:
/// RFC 4180 quoting (fields with commas, quotes or line breaks in double quotes, quotes doubled),
/// CRLF between records, bare LF inside multi-line bodies.
/// </summary>
public static class TicketsCsvWriter
{
    public static string Render(IReadOnlyList<MailExcerpt> tickets)
    {
        var csv = new StringBuilder("id,created,customer,subject,body\r\n");
        for (int i = 0; i < tickets.Count; i++)
        {
            MailExcerpt ticket = tickets[i];
            csv.Append(CultureInfo.InvariantCulture, $"{1001 + i}")
                .Append(',').Append(ticket.Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Append(',').Append(Field(ticket.Sender))
                .Append(',').Append(Field(ticket.Subject))
                .Append(',').Append(Field(ticket.Body))
                .Append("\r\n");
        }

        return csv.ToString();
    }

    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
