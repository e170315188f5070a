using System.Text;
using Wren.Runtime;

namespace Wren.Data.Tasks;

/// <summary>
/// A template such as <c>{subject}\n\n{body}</c> that makes an example's input or output from a record's fields.
/// <c>{name}</c> is a field (matched case-insensitively), <c>{{</c> and <c>}}</c> are literal braces, and the escapes
/// <c>\n</c>, <c>\t</c> and <c>\\</c> stand for a line break, a tab and a backslash, so a template typed in a shell
/// reads as it looks.
/// </summary>
public sealed class FieldTemplate
{
    private readonly List<(string? Literal, string? Field)> _parts = [];

    /// <param name="option">The option the template came from (e.g. --input), for error messages.</param>
    public FieldTemplate(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Option = option;
        var literal = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is 'n' or 't' or '\\')
            {
                literal.Append(text[++i] switch { 'n' => '\n', 't' => '\t', _ => '\\' });
            }
            else if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i++;
            }
            else if (c == '{')
            {
                int end = text.IndexOf('}', i + 1);
                if (end < 0) throw new WrenException($"{option} \"{text}\": '{{' at {i + 1} has no closing '}}' (write {{{{ for a literal brace)");
                string field = text[(i + 1)..end].Trim();
                if (field.Length == 0) throw new WrenException($"{option} \"{text}\": an empty {{}} at {i + 1}; name a field, e.g. {{body}}");
                if (literal.Length > 0) _parts.Add((literal.ToString(), null));
                literal.Clear();
                _parts.Add((null, field));
                i = end;
            }
            else if (c == '}')
            {
                throw new WrenException($"{option} \"{text}\": '}}' at {i + 1} closes nothing (write }}}} for a literal brace)");
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0) _parts.Add((literal.ToString(), null));
        var fields = new List<string>();
        foreach (var (_, field) in _parts)
            if (field is not null && !fields.Contains(field, StringComparer.OrdinalIgnoreCase)) fields.Add(field);
        Fields = fields;
        if (fields.Count == 0) throw new WrenException($"{option} \"{text}\" names no field; write the fields in braces, e.g. \"{{subject}}\\n\\n{{body}}\"");
    }

    public string Text { get; }

    public string Option { get; }

    /// <summary>The fields the template names, in order of first use.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Fills the template; <paramref name="lookup"/> returns null for a field the record does not have.</summary>
    /// <param name="where">The record, for the error when a field is missing.</param>
    /// <param name="available">The record's fields, listed in that error.</param>
    public string Render(Func<string, string?> lookup, string where, Func<IEnumerable<string>> available)
    {
        var text = new StringBuilder();
        foreach (var (literal, field) in _parts)
        {
            if (literal is not null)
            {
                text.Append(literal);
                continue;
            }

            string? value = lookup(field!);
            if (value is null)
                throw new WrenException($"{where}: no field '{field}' (named in {Option} \"{Text}\"); fields are: {string.Join(", ", available())}");
            text.Append(value);
        }

        return text.ToString();
    }
}
