using System.Text.RegularExpressions;
using Wren.Runtime;

namespace Wren.Data.Tasks;

/// <summary>
/// How a message's label is read from one of its headers: the whole value (X-Folder), the id in angle brackets
/// (List-Id's <c>"Name" &lt;id&gt;</c> form), or the first group of a regular expression over the value
/// (<c>--label-regex "support\+(\w+)@"</c> over To, <c>"^\[(\w+)\]"</c> over Subject).
/// </summary>
public sealed partial class MailLabelRule
{
    private readonly Regex? _regex;

    public MailLabelRule(string header, string? regex = null)
    {
        if (string.IsNullOrWhiteSpace(header)) throw new WrenException("--label-header needs a header name, e.g. List-Id or X-Folder");
        Header = header.Trim();
        Pattern = regex;
        if (regex is not null)
        {
            try
            {
                _regex = new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new WrenException($"--label-regex \"{regex}\" is not a regular expression: {e.Message}");
            }
        }
    }

    public string Header { get; }

    public string? Pattern { get; }

    /// <summary>The header name as recorded in metadata (lower case).</summary>
    public string Key => Header.ToLowerInvariant();

    /// <summary>Whether the label is read from the subject, which then must be taken out of the input.</summary>
    public bool ReadsSubject => Key == "subject";

    /// <summary>The label, and the text it was read from (to take out of the subject); null when the header is absent or does not match.</summary>
    public (string Label, string Matched)? Extract(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (_regex is not null)
        {
            Match m;
            try
            {
                m = _regex.Match(value);
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }

            if (!m.Success) return null;
            string label = (m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value).Trim();
            return label.Length == 0 ? null : (label, m.Value);
        }

        string text = value.Trim();
        if (Key == "list-id" && AngleId().Match(text) is { Success: true } angle) text = angle.Groups[1].Value.Trim();
        return text.Length == 0 ? null : (text, value);
    }

    [GeneratedRegex(@"<([^<>]+)>")]
    private static partial Regex AngleId();
}
