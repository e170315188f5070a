using System.Globalization;
using System.Text;

namespace Wren.Templates;

/// <summary>
/// Jinja's built-in filters that chat templates use, with Jinja's argument names and defaults, plus
/// transformers' <c>tojson</c>. Looked up by name when a template is parsed, so an unknown filter is a
/// syntax error, as in Jinja.
/// </summary>
internal static class TemplateFilters
{
    private static readonly Dictionary<string, TemplateFilter> s_filters = new(StringComparer.Ordinal)
    {
        ["abs"] = (v, _) => v switch
        {
            long l => (object)Math.Abs(l),
            double d => Math.Abs(d),
            bool b => b ? 1L : 0L,
            _ => throw new TemplateException($"bad operand type for abs(): '{TemplateValues.TypeName(v)}'"),
        },
        ["attr"] = (v, a) => TemplateValues.GetAttribute(v, AsString(a.Get(0, "name"), "attr")),
        ["capitalize"] = (v, _) => TemplateMethods.Capitalize(TemplateValues.ToStr(v)),
        ["center"] = (v, a) =>
        {
            string s = TemplateValues.ToStr(v);
            int width = (int)TemplateValues.ToLong(a.Get(0, "width", 80L));
            if (s.Length >= width)
            {
                return s;
            }
            int left = (width - s.Length) / 2 + ((width - s.Length) & width & 1);
            return new string(' ', left) + s + new string(' ', width - s.Length - left);
        },
        ["count"] = (v, _) => TemplateValues.Length(v),
        ["default"] = Default,
        ["d"] = Default,
        ["dictsort"] = DictSort,
        ["escape"] = (v, _) => Escape(v),
        ["e"] = (v, _) => Escape(v),
        ["first"] = (v, _) => TemplateValues.Iterate(v) is { Count: > 0 } items ? items[0] : new Undefined("first: the sequence is empty"),
        ["float"] = (v, a) => ToFloat(v, a.Get(0, "default", 0.0)),
        ["forceescape"] = (v, _) => Escape(v),
        ["indent"] = Indent,
        ["int"] = (v, a) => ToInt(v, a.Get(0, "default", 0L), a.Get(1, "base", 10L)),
        ["items"] = (v, _) => v switch
        {
            Dictionary<string, object?> dict => Items(dict),
            Undefined => new List<object?>(),
            _ => throw new TemplateException($"items: expected a mapping, got {TemplateValues.TypeName(v)}"),
        },
        ["join"] = Join,
        ["last"] = (v, _) => TemplateValues.Iterate(v) is { Count: > 0 } items ? items[^1] : new Undefined("last: the sequence is empty"),
        ["length"] = (v, _) => TemplateValues.Length(v),
        ["list"] = (v, _) => new List<object?>(TemplateValues.Iterate(v)),
        ["lower"] = (v, _) => TemplateValues.ToStr(v).ToLowerInvariant(),
        ["map"] = Map,
        ["max"] = (v, a) => MinMax(v, a, max: true),
        ["min"] = (v, a) => MinMax(v, a, max: false),
        ["pprint"] = (v, _) => TemplateValues.Repr(v),
        ["reject"] = (v, a) => Select(v, a, keep: false, byAttribute: false),
        ["rejectattr"] = (v, a) => Select(v, a, keep: false, byAttribute: true),
        ["replace"] = (v, a) => TemplateMethods.Replace(
            TemplateValues.ToStr(v),
            TemplateValues.ToStr(a.Get(0, "old")),
            TemplateValues.ToStr(a.Get(1, "new")),
            a.Get(2, "count")),
        ["reverse"] = (v, _) => v is string s
            ? new string(s.Reverse().ToArray())
            : Enumerable.Reverse(TemplateValues.Iterate(v)).ToList(),
        ["round"] = Round,
        ["safe"] = (v, _) => v,
        ["select"] = (v, a) => Select(v, a, keep: true, byAttribute: false),
        ["selectattr"] = (v, a) => Select(v, a, keep: true, byAttribute: true),
        ["sort"] = Sort,
        ["string"] = (v, _) => TemplateValues.ToStr(v),
        ["striptags"] = (v, _) => TemplateValues.ToStr(v),
        ["sum"] = Sum,
        ["title"] = (v, _) => JinjaTitle(TemplateValues.ToStr(v)),
        ["tojson"] = ToJson,
        ["trim"] = (v, a) => TemplateMethods.Strip(TemplateValues.ToStr(v), a.Get(0, "chars"), true, true),
        ["truncate"] = Truncate,
        ["unique"] = Unique,
        ["upper"] = (v, _) => TemplateValues.ToStr(v).ToUpperInvariant(),
        ["wordcount"] = (v, _) => (long)TemplateMethods.Split(TemplateValues.ToStr(v), null, null).Count,
    };

    public static bool TryGet(string name, out TemplateFilter filter) => s_filters.TryGetValue(name, out filter!);

    private static TemplateFilter Get(string name) =>
        s_filters.TryGetValue(name, out var filter) ? filter : throw new TemplateException($"no filter named '{name}'");

    private static string AsString(object? value, string filter) =>
        value as string ?? throw new TemplateException($"{filter}: expected a string argument, got {TemplateValues.TypeName(value)}");

    public static List<object?> Items(Dictionary<string, object?> dict)
    {
        var items = new List<object?>(dict.Count);
        foreach (var pair in dict)
        {
            items.Add(new List<object?> { pair.Key, pair.Value });
        }
        return items;
    }

    private static object? Default(object? value, TemplateArguments a)
    {
        object? fallback = a.Get(0, "default_value", "");
        bool boolean = TemplateValues.IsTruthy(a.Get(1, "boolean", false));
        return value is Undefined || (boolean && !TemplateValues.IsTruthy(value)) ? fallback : value;
    }

    private static string Escape(object? value) =>
        TemplateValues.ToStr(value).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&#34;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    private static object? ToFloat(object? value, object? fallback) => value switch
    {
        double d => d,
        long l => (double)l,
        bool b => b ? 1.0 : 0.0,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => fallback,
    };

    private static object? ToInt(object? value, object? fallback, object? numberBase)
    {
        switch (value)
        {
            case long l:
                return l;
            case bool b:
                return b ? 1L : 0L;
            case double d:
                return (long)Math.Truncate(d);
            case string s:
                {
                    string text = s.Trim().Replace("_", "", StringComparison.Ordinal);
                    int radix = (int)TemplateValues.ToLong(numberBase);
                    try
                    {
                        if (radix == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed))
                        {
                            return parsed;
                        }
                        if (radix != 10 && text.Length > 0)
                        {
                            return Convert.ToInt64(text, radix);
                        }
                    }
                    catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
                    {
                        return fallback;
                    }
                    // Jinja falls back to float() for strings like "3.7".
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) ? (long)Math.Truncate(f) : fallback;
                }
            default:
                return fallback;
        }
    }

    private static object? Indent(object? value, TemplateArguments a)
    {
        string s = TemplateValues.ToStr(value);
        object? width = a.Get(0, "width", 4L);
        string indention = width as string ?? new string(' ', (int)TemplateValues.ToLong(width));
        bool first = TemplateValues.IsTruthy(a.Get(1, "first", false));
        bool blank = TemplateValues.IsTruthy(a.Get(2, "blank", false));
        // Jinja appends a newline so that splitlines keeps a final empty line.
        List<string> lines = TemplateMethods.SplitLines(s + "\n");
        var sb = new StringBuilder();
        if (blank)
        {
            sb.AppendJoin("\n" + indention, lines);
        }
        else
        {
            sb.Append(lines.Count > 0 ? lines[0] : "");
            for (int i = 1; i < lines.Count; i++)
            {
                sb.Append('\n');
                if (lines[i].Length > 0)
                {
                    sb.Append(indention);
                }
                sb.Append(lines[i]);
            }
        }
        return first ? indention + sb : sb.ToString();
    }

    private static object? Join(object? value, TemplateArguments a)
    {
        string separator = TemplateValues.ToStr(a.Get(0, "d", ""));
        object? attribute = a.Get(1, "attribute");
        var sb = new StringBuilder();
        bool firstItem = true;
        foreach (object? item in TemplateValues.Iterate(value))
        {
            if (!firstItem)
            {
                sb.Append(separator);
            }
            firstItem = false;
            TemplateValues.Write(sb, attribute is null ? item : AttributePath(item, attribute));
        }
        return sb.ToString();
    }

    /// <summary>Jinja's attribute lookup for filters: <c>"a.b"</c> walks nested attributes, integers index lists.</summary>
    public static object? AttributePath(object? item, object? attribute)
    {
        if (attribute is long index)
        {
            return TemplateValues.GetItem(item, index);
        }
        foreach (string part in TemplateValues.ToStr(attribute).Split('.'))
        {
            item = item is List<object?> && long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long i)
                ? TemplateValues.GetItem(item, i)
                : TemplateValues.GetItem(item, part);
        }
        return item;
    }

    private static object? Map(object? value, TemplateArguments a)
    {
        var items = TemplateValues.Iterate(value);
        var result = new List<object?>(items.Count);
        if (a.Has(-1, "attribute"))
        {
            object? attribute = a.Get(-1, "attribute");
            bool hasDefault = a.Has(-1, "default");
            object? fallback = a.Get(-1, "default");
            foreach (object? item in items)
            {
                object? mapped = AttributePath(item, attribute);
                result.Add(mapped is Undefined && hasDefault ? fallback : mapped);
            }
            return result;
        }
        string name = AsString(a.Get(0, "\0"), "map");
        TemplateFilter filter = Get(name);
        var rest = a.Skip(1);
        foreach (object? item in items)
        {
            result.Add(filter(item, rest));
        }
        return result;
    }

    private static object? Select(object? value, TemplateArguments a, bool keep, bool byAttribute)
    {
        int testIndex = byAttribute ? 1 : 0;
        object? attribute = byAttribute ? a.Get(0, "attribute") : null;
        TemplateTest? test = null;
        TemplateArguments testArguments = TemplateArguments.Empty;
        if (a.Positional.Length > testIndex)
        {
            string name = AsString(a.Positional[testIndex], byAttribute ? "selectattr" : "select");
            test = TemplateTestFunctions.TryGet(name, out var t) ? t : throw new TemplateException($"no test named '{name}'");
            testArguments = new TemplateArguments(a.Positional[(testIndex + 1)..], []);
        }
        var result = new List<object?>();
        foreach (object? item in TemplateValues.Iterate(value))
        {
            object? subject = byAttribute ? AttributePath(item, attribute) : item;
            bool passed = test is null ? TemplateValues.IsTruthy(subject) : test(subject, testArguments);
            if (passed == keep)
            {
                result.Add(item);
            }
        }
        return result;
    }

    private static object? MinMax(object? value, TemplateArguments a, bool max)
    {
        var items = TemplateValues.Iterate(value);
        if (items.Count == 0)
        {
            return new Undefined($"{(max ? "max" : "min")}: the sequence is empty");
        }
        bool caseSensitive = TemplateValues.IsTruthy(a.Get(0, "case_sensitive", false));
        object? attribute = a.Get(1, "attribute");
        object? best = items[0];
        foreach (object? item in items)
        {
            int c = CompareForSort(Key(item, attribute, caseSensitive), Key(best, attribute, caseSensitive));
            if (max ? c > 0 : c < 0)
            {
                best = item;
            }
        }
        return best;
    }

    private static object? Key(object? item, object? attribute, bool caseSensitive)
    {
        object? key = attribute is null ? item : AttributePath(item, attribute);
        return !caseSensitive && key is string s ? s.ToLowerInvariant() : key;
    }

    private static int CompareForSort(object? a, object? b) => TemplateValues.Compare(a, b);

    private static object? Sort(object? value, TemplateArguments a)
    {
        bool reverse = TemplateValues.IsTruthy(a.Get(0, "reverse", false));
        bool caseSensitive = TemplateValues.IsTruthy(a.Get(1, "case_sensitive", false));
        object? attribute = a.Get(2, "attribute");
        var items = new List<object?>(TemplateValues.Iterate(value));
        // Stable, like Python's sorted().
        var keyed = items.Select((item, i) => (Key: Key(item, attribute, caseSensitive), Index: i, Item: item)).ToList();
        keyed.Sort((x, y) =>
        {
            int c = CompareForSort(x.Key, y.Key);
            if (reverse)
            {
                c = -c;
            }
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        });
        return keyed.ConvertAll(k => k.Item);
    }

    private static object? DictSort(object? value, TemplateArguments a)
    {
        if (value is not Dictionary<string, object?> dict)
        {
            throw new TemplateException($"dictsort: expected a mapping, got {TemplateValues.TypeName(value)}");
        }
        bool caseSensitive = TemplateValues.IsTruthy(a.Get(0, "case_sensitive", false));
        string by = TemplateValues.ToStr(a.Get(1, "by", "key"));
        bool reverse = TemplateValues.IsTruthy(a.Get(2, "reverse", false));
        int position = by switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new TemplateException("dictsort: 'by' must be 'key' or 'value'"),
        };
        var items = Items(dict);
        var keyed = items.Select((item, i) => (Key: Key(((List<object?>)item!)[position], null, caseSensitive), Index: i, Item: item)).ToList();
        keyed.Sort((x, y) =>
        {
            int c = CompareForSort(x.Key, y.Key);
            if (reverse)
            {
                c = -c;
            }
            return c != 0 ? c : x.Index.CompareTo(y.Index);
        });
        return keyed.ConvertAll(k => k.Item);
    }

    private static object? Unique(object? value, TemplateArguments a)
    {
        bool caseSensitive = TemplateValues.IsTruthy(a.Get(0, "case_sensitive", false));
        object? attribute = a.Get(1, "attribute");
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (object? item in TemplateValues.Iterate(value))
        {
            object? key = Key(item, attribute, caseSensitive);
            if (!seen.Exists(k => TemplateValues.AreEqual(k, key)))
            {
                seen.Add(key);
                result.Add(item);
            }
        }
        return result;
    }

    private static object? Round(object? value, TemplateArguments a)
    {
        double number = TemplateValues.ToDouble(value);
        int precision = (int)TemplateValues.ToLong(a.Get(0, "precision", 0L));
        string method = TemplateValues.ToStr(a.Get(1, "method", "common"));
        double scale = Math.Pow(10, precision);
        return method switch
        {
            // Jinja's "common" is Python's round(): halves go to the even neighbour.
            "common" => Math.Round(number, Math.Clamp(precision, 0, 15), MidpointRounding.ToEven),
            "ceil" => Math.Ceiling(number * scale) / scale,
            "floor" => Math.Floor(number * scale) / scale,
            _ => throw new TemplateException("round: method must be 'common', 'ceil' or 'floor'"),
        };
    }

    private static object? Sum(object? value, TemplateArguments a)
    {
        object? attribute = a.Get(0, "attribute");
        object? total = a.Get(1, "start", 0L);
        foreach (object? item in TemplateValues.Iterate(value))
        {
            total = BinaryExpression.Arithmetic(BinaryOperator.Add, total, attribute is null ? item : AttributePath(item, attribute));
        }
        return total;
    }

    private static object? ToJson(object? value, TemplateArguments a)
    {
        object? indent = a.Get(0, "indent");
        string? indentText = indent switch
        {
            null or Undefined => null,
            string s => s,
            _ => new string(' ', (int)TemplateValues.ToLong(indent)),
        };
        bool ensureAscii = TemplateValues.IsTruthy(a.Get(-1, "ensure_ascii", false));
        bool sortKeys = TemplateValues.IsTruthy(a.Get(-1, "sort_keys", false));
        string itemSeparator = indentText is null ? ", " : ",";
        string keySeparator = ": ";
        if (a.Get(-1, "separators") is List<object?> { Count: 2 } separators)
        {
            itemSeparator = TemplateValues.ToStr(separators[0]);
            keySeparator = TemplateValues.ToStr(separators[1]);
        }
        return TemplateJson.Serialize(value, indentText, ensureAscii, itemSeparator, keySeparator, sortKeys);
    }

    private static object? Truncate(object? value, TemplateArguments a)
    {
        string s = TemplateValues.ToStr(value);
        int length = (int)TemplateValues.ToLong(a.Get(0, "length", 255L));
        bool killwords = TemplateValues.IsTruthy(a.Get(1, "killwords", false));
        string end = TemplateValues.ToStr(a.Get(2, "end", "..."));
        int leeway = (int)TemplateValues.ToLong(a.Get(3, "leeway", 5L));
        if (s.Length <= length + leeway)
        {
            return s;
        }
        if (killwords)
        {
            return s[..Math.Max(0, length - end.Length)] + end;
        }
        string cut = s[..Math.Max(0, length - end.Length)];
        int space = cut.LastIndexOf(' ');
        return (space >= 0 ? cut[..space] : cut) + end;
    }

    /// <summary>Jinja's <c>title</c> filter: words start after whitespace, '-', '[', '(' or '{'; first letter up, rest down.</summary>
    public static string JinjaTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool wordStart = true;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || c is '-' or '[' or '(' or '{')
            {
                sb.Append(c);
                wordStart = true;
                continue;
            }
            sb.Append(wordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            wordStart = false;
        }
        return sb.ToString();
    }
}
