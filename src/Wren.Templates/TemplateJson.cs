using System.Globalization;
using System.Text;

namespace Wren.Templates;

/// <summary>
/// The <c>tojson</c> filter as transformers defines it for chat templates: Python's
/// <c>json.dumps(value, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)</c>,
/// byte for byte (", " and ": " separators, no HTML escaping, floats as Python prints them).
/// </summary>
internal static class TemplateJson
{
    public static string Serialize(object? value, string? indent, bool ensureAscii, string itemSeparator, string keySeparator, bool sortKeys)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, ensureAscii, itemSeparator, keySeparator, sortKeys, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, string? indent, bool ascii, string itemSep, string keySep, bool sortKeys, int depth)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : TemplateValues.FormatFloat(d));
                return;
            case string s:
                WriteString(sb, s, ascii);
                return;
            case List<object?> list:
                if (list.Count == 0)
                {
                    sb.Append("[]");
                    return;
                }
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(itemSep);
                    }
                    NewLine(sb, indent, depth + 1);
                    Write(sb, list[i], indent, ascii, itemSep, keySep, sortKeys, depth + 1);
                }
                NewLine(sb, indent, depth);
                sb.Append(']');
                return;
            case Dictionary<string, object?> dict:
                if (dict.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }
                sb.Append('{');
                IEnumerable<KeyValuePair<string, object?>> pairs = sortKeys ? dict.OrderBy(p => p.Key, StringComparer.Ordinal) : dict;
                bool first = true;
                foreach (var pair in pairs)
                {
                    if (!first)
                    {
                        sb.Append(itemSep);
                    }
                    first = false;
                    NewLine(sb, indent, depth + 1);
                    WriteString(sb, pair.Key, ascii);
                    sb.Append(keySep);
                    Write(sb, pair.Value, indent, ascii, itemSep, keySep, sortKeys, depth + 1);
                }
                NewLine(sb, indent, depth);
                sb.Append('}');
                return;
            case Undefined u:
                throw new TemplateException($"tojson: {u.Hint}");
            default:
                throw new TemplateException($"Object of type {TemplateValues.TypeName(value)} is not JSON serializable");
        }
    }

    private static void NewLine(StringBuilder sb, string? indent, int depth)
    {
        if (indent is null)
        {
            return;
        }
        sb.Append('\n');
        for (int i = 0; i < depth; i++)
        {
            sb.Append(indent);
        }
    }

    private static void WriteString(StringBuilder sb, string s, bool ascii)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ascii && c > 0x7e))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
