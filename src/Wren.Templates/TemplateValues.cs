using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wren.Templates;

/// <summary>
/// Python semantics for template values. Values are plain objects: <c>null</c> (None), <see cref="string"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <c>List&lt;object?&gt;</c> (list and tuple),
/// <c>Dictionary&lt;string, object?&gt;</c> (dict, insertion-ordered), <see cref="Undefined"/>,
/// <see cref="TemplateNamespace"/>, <see cref="LoopContext"/>, <see cref="TemplateMacro"/> and <see cref="TemplateFunction"/>.
/// </summary>
internal static class TemplateValues
{
    private static readonly object s_true = true;
    private static readonly object s_false = false;

    /// <summary>A boxed boolean without allocating: comparisons and tests run many times per render.</summary>
    public static object Box(bool value) => value ? s_true : s_false;

    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length != 0,
        long l => l != 0,
        double d => d != 0,
        List<object?> list => list.Count != 0,
        Dictionary<string, object?> dict => dict.Count != 0,
        Undefined => false,
        _ => true,
    };

    public static bool IsUndefined(object? value) => value is Undefined;

    /// <summary>Python's <c>str(value)</c>, as <c>{{ value }}</c> prints it.</summary>
    public static string ToStr(object? value) => value switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        Undefined => "",
        _ => Repr(value),
    };

    /// <summary>Writes <c>str(value)</c> without allocating for strings.</summary>
    public static void Write(StringBuilder output, object? value)
    {
        switch (value)
        {
            case string s:
                output.Append(s);
                break;
            case long l:
                output.Append(l);
                break;
            case Undefined:
                break;
            default:
                output.Append(ToStr(value));
                break;
        }
    }

    /// <summary>Python's <c>repr(value)</c>, used for items inside printed lists and dicts.</summary>
    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case string s:
                AppendStringRepr(sb, s);
                break;
            case List<object?> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }
                    AppendRepr(sb, list[i]);
                }
                sb.Append(']');
                break;
            case Dictionary<string, object?> dict:
                sb.Append('{');
                bool first = true;
                foreach (var pair in dict)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }
                    first = false;
                    AppendStringRepr(sb, pair.Key);
                    sb.Append(": ");
                    AppendRepr(sb, pair.Value);
                }
                sb.Append('}');
                break;
            case TemplateNamespace ns:
                sb.Append("<Namespace ");
                AppendRepr(sb, ns.Attributes);
                sb.Append('>');
                break;
            case TemplateMacro macro:
                sb.Append("<Macro '").Append(macro.Name).Append("'>");
                break;
            case TemplateFunction:
                sb.Append("<function>");
                break;
            case LoopContext:
                sb.Append("<LoopContext>");
                break;
            default:
                sb.Append(ToStr(value));
                break;
        }
    }

    private static void AppendStringRepr(StringBuilder sb, string s)
    {
        // Python quotes with ' unless the text holds ' and no ".
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(c);
                    }
                    else if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append(quote);
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, <c>1.0</c> not <c>1</c>, exponent outside 1e-4..1e16.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0.0" : "0.0";
        }
        // Shortest round-trip digits and decimal exponent.
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOfAny(['E', 'e']);
        string digitsPart = e >= 0 ? shortest[..e] : shortest;
        int exp10 = e >= 0 ? int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture) : 0;
        bool negative = digitsPart.StartsWith('-');
        if (negative)
        {
            digitsPart = digitsPart[1..];
        }
        int dot = digitsPart.IndexOf('.');
        string intPart = dot >= 0 ? digitsPart[..dot] : digitsPart;
        string fracPart = dot >= 0 ? digitsPart[(dot + 1)..] : "";
        string allDigits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - allDigits.Length;
        // Decimal exponent of the first significant digit.
        int exponent = intPart.Length - 1 - leadingZeros + exp10;
        string mantissa = allDigits.TrimEnd('0');
        if (mantissa.Length == 0)
        {
            mantissa = "0";
        }
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        if (exponent >= 16 || exponent < -4)
        {
            sb.Append(mantissa[0]);
            if (mantissa.Length > 1)
            {
                sb.Append('.').Append(mantissa, 1, mantissa.Length - 1);
            }
            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (exponent < 0)
        {
            sb.Append("0.").Append('0', -exponent - 1).Append(mantissa);
        }
        else if (mantissa.Length <= exponent + 1)
        {
            sb.Append(mantissa).Append('0', exponent + 1 - mantissa.Length).Append(".0");
        }
        else
        {
            sb.Append(mantissa, 0, exponent + 1).Append('.').Append(mantissa, exponent + 1, mantissa.Length - exponent - 1);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>==</c>.</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        switch (a)
        {
            case null:
                return b is null;
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case Undefined:
                return b is Undefined;
        }
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double)
            {
                return ToDouble(a) == ToDouble(b);
            }
            return ToLong(a) == ToLong(b);
        }
        if (a is List<object?> la && b is List<object?> lb)
        {
            if (la.Count != lb.Count)
            {
                return false;
            }
            for (int i = 0; i < la.Count; i++)
            {
                if (!AreEqual(la[i], lb[i]))
                {
                    return false;
                }
            }
            return true;
        }
        if (a is Dictionary<string, object?> da && b is Dictionary<string, object?> db)
        {
            if (da.Count != db.Count)
            {
                return false;
            }
            foreach (var pair in da)
            {
                if (!db.TryGetValue(pair.Key, out object? other) || !AreEqual(pair.Value, other))
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /// <summary>Python's ordering (<c>&lt;</c> and friends) for numbers, strings and lists; other pairs are a TypeError.</summary>
    public static int Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double)
            {
                return ToDouble(a).CompareTo(ToDouble(b));
            }
            return ToLong(a).CompareTo(ToLong(b));
        }
        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb) switch { < 0 => -1, > 0 => 1, _ => 0 };
        }
        if (a is List<object?> la && b is List<object?> lb)
        {
            for (int i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                if (!AreEqual(la[i], lb[i]))
                {
                    return Compare(la[i], lb[i]);
                }
            }
            return la.Count.CompareTo(lb.Count);
        }
        if (a is Undefined u)
        {
            throw u.Error();
        }
        if (b is Undefined ub)
        {
            throw ub.Error();
        }
        throw new TemplateException($"cannot compare {TypeName(a)} with {TypeName(b)}");
    }

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static long ToLong(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)d,
        _ => throw new TemplateException($"expected a number, got {TypeName(value)}"),
    };

    public static double ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new TemplateException($"expected a number, got {TypeName(value)}"),
    };

    /// <summary>Python's type name, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        string => "str",
        long => "int",
        double => "float",
        bool => "bool",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        Undefined => "Undefined",
        TemplateNamespace => "Namespace",
        LoopContext => "LoopContext",
        TemplateMacro => "Macro",
        TemplateFunction => "function",
        _ => value.GetType().Name,
    };

    /// <summary>Python's <c>len(value)</c>; Undefined has length 0.</summary>
    public static long Length(object? value) => value switch
    {
        string s => s.Length,
        List<object?> list => list.Count,
        Dictionary<string, object?> dict => dict.Count,
        Undefined => 0,
        _ => throw new TemplateException($"object of type '{TypeName(value)}' has no len()"),
    };

    /// <summary>The items a <c>for</c> loop or a filter iterates: list items, dict keys, string characters.</summary>
    public static List<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        Dictionary<string, object?> dict => [.. dict.Keys],
        string s => StringChars(s),
        Undefined => [],
        _ => throw new TemplateException($"'{TypeName(value)}' object is not iterable"),
    };

    private static List<object?> StringChars(string s)
    {
        var chars = new List<object?>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            // Python iterates code points; surrogate pairs stay together.
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                chars.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                chars.Add(s[i].ToString());
            }
        }
        return chars;
    }

    /// <summary><c>obj.name</c>: a dict key, a namespace or loop attribute; missing ones are Undefined. Attributes of Undefined are an error.</summary>
    public static object? GetAttribute(object? obj, string name)
    {
        switch (obj)
        {
            case Dictionary<string, object?> dict:
                return dict.TryGetValue(name, out object? value) ? value : new Undefined($"'dict object' has no attribute '{name}'");
            case TemplateNamespace ns:
                return ns.Attributes.TryGetValue(name, out object? nsValue) ? nsValue : new Undefined($"'Namespace' has no attribute '{name}'");
            case LoopContext loop:
                return loop.GetAttribute(name);
            case Undefined u:
                throw u.Error();
            default:
                return new Undefined($"'{TypeName(obj)} object' has no attribute '{name}'");
        }
    }

    /// <summary><c>obj[key]</c>: list and string indices (negative from the end), dict keys; misses are Undefined.</summary>
    public static object? GetItem(object? obj, object? key)
    {
        switch (obj)
        {
            case List<object?> list when key is long or bool:
                {
                    long index = ToLong(key);
                    if (index < 0)
                    {
                        index += list.Count;
                    }
                    return index >= 0 && index < list.Count ? list[(int)index] : new Undefined($"list index {ToLong(key)} out of range");
                }
            case string s when key is long or bool:
                {
                    long index = ToLong(key);
                    if (index < 0)
                    {
                        index += s.Length;
                    }
                    return index >= 0 && index < s.Length ? s[(int)index].ToString() : new Undefined($"string index {ToLong(key)} out of range");
                }
            case Dictionary<string, object?> dict:
                {
                    string k = key as string ?? ToStr(key);
                    return dict.TryGetValue(k, out object? value) ? value : new Undefined($"'dict object' has no attribute '{k}'");
                }
            case Undefined u:
                throw u.Error();
        }
        if (key is string name)
        {
            return GetAttribute(obj, name);
        }
        return new Undefined($"'{TypeName(obj)} object' has no item {Repr(key)}");
    }

    /// <summary>Python slicing <c>obj[start:stop:step]</c> of a list or string.</summary>
    public static object? Slice(object? obj, object? start, object? stop, object? step)
    {
        long stepValue = step is null or Undefined ? 1 : ToLong(step);
        if (stepValue == 0)
        {
            throw new TemplateException("slice step cannot be zero");
        }
        switch (obj)
        {
            case List<object?> list:
                {
                    var result = new List<object?>();
                    foreach (int i in SliceIndices(list.Count, start, stop, stepValue))
                    {
                        result.Add(list[i]);
                    }
                    return result;
                }
            case string s:
                {
                    var sb = new StringBuilder();
                    foreach (int i in SliceIndices(s.Length, start, stop, stepValue))
                    {
                        sb.Append(s[i]);
                    }
                    return sb.ToString();
                }
            case Undefined u:
                throw u.Error();
            default:
                throw new TemplateException($"'{TypeName(obj)}' object is not subscriptable");
        }
    }

    private static IEnumerable<int> SliceIndices(int length, object? start, object? stop, long step)
    {
        long lo, hi;
        if (step > 0)
        {
            lo = start is null or Undefined ? 0 : Clamp(ToLong(start), length, 0, length);
            hi = stop is null or Undefined ? length : Clamp(ToLong(stop), length, 0, length);
            for (long i = lo; i < hi; i += step)
            {
                yield return (int)i;
            }
        }
        else
        {
            lo = start is null or Undefined ? length - 1 : Clamp(ToLong(start), length, -1, length - 1);
            hi = stop is null or Undefined ? -1 : Clamp(ToLong(stop), length, -1, length - 1);
            for (long i = lo; i > hi; i += step)
            {
                yield return (int)i;
            }
        }
    }

    private static long Clamp(long index, int length, long min, long max)
    {
        if (index < 0)
        {
            index += length;
        }
        return Math.Clamp(index, min, max);
    }

    /// <summary>Python's <c>in</c>: substring, list membership, dict key.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub ? s.Contains(sub, StringComparison.Ordinal) : throw new TemplateException($"'in <string>' requires string as left operand, not {TypeName(item)}"),
        List<object?> list => list.Exists(x => AreEqual(x, item)),
        Dictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        TemplateNamespace ns => item is string key && ns.Attributes.ContainsKey(key),
        Undefined => false,
        _ => throw new TemplateException($"argument of type '{TypeName(container)}' is not iterable"),
    };

    /// <summary>
    /// Converts a caller's value into a template value: CLR numbers, strings, booleans, dictionaries and
    /// sequences, <see cref="JsonElement"/> and <see cref="JsonNode"/> trees. Deep: nested values are converted too.
    /// </summary>
    public static object? FromClr(object? value) => value switch
    {
        null => null,
        string or bool or long or double or Undefined or TemplateNamespace or TemplateFunction or TemplateMacro => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint ui => (long)ui,
        ulong ul => (long)ul,
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        JsonElement element => FromJson(element),
        JsonNode node => FromJson(JsonSerializer.SerializeToElement(node, TemplateJsonContext.Default.JsonNode)),
        IDictionary<string, object?> dict => FromPairs(dict),
        IReadOnlyDictionary<string, object?> dict => FromPairs(dict),
        IDictionary dict => FromDictionary(dict),
        IEnumerable sequence => FromSequence(sequence),
        _ => throw new ArgumentException($"a template cannot use a value of type {value.GetType().FullName}; pass strings, numbers, booleans, dictionaries, lists or JSON"),
    };

    private static Dictionary<string, object?> FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            result[pair.Key] = FromClr(pair.Value);
        }
        return result;
    }

    private static Dictionary<string, object?> FromDictionary(IDictionary dict)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dict)
        {
            result[entry.Key as string ?? ToStr(FromClr(entry.Key))] = FromClr(entry.Value);
        }
        return result;
    }

    private static List<object?> FromSequence(IEnumerable sequence)
    {
        var result = new List<object?>();
        foreach (object? item in sequence)
        {
            result.Add(FromClr(item));
        }
        return result;
    }

    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    dict[property.Name] = FromJson(property.Value);
                }
                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJson(item));
                }
                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out long l) ? (object)l : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
