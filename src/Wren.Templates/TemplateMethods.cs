using System.Text;

namespace Wren.Templates;

/// <summary>
/// Methods callable on values: Python <c>str</c> methods (strip, split, startswith, format...), dict
/// <c>get</c>/<c>items</c>/<c>keys</c>/<c>values</c>, list <c>index</c>/<c>count</c> and <c>loop.cycle</c>.
/// Lists and dicts have no mutating methods, as in transformers' immutable sandbox.
/// </summary>
internal static class TemplateMethods
{
    public static bool TryInvoke(object? target, string name, ArgumentList argumentList, RenderContext context, out object? result)
    {
        result = null;
        switch (target)
        {
            case string s when IsStringMethod(name):
                result = InvokeString(s, name, argumentList.Evaluate(context));
                return true;
            case Dictionary<string, object?> dict when name is "get" or "items" or "keys" or "values":
                result = InvokeDict(dict, name, argumentList.Evaluate(context));
                return true;
            case List<object?> list when name is "index" or "count":
                {
                    var args = argumentList.Evaluate(context);
                    object? item = args.Get(0, "value");
                    if (name == "count")
                    {
                        result = (long)list.Count(x => TemplateValues.AreEqual(x, item));
                        return true;
                    }
                    int index = list.FindIndex(x => TemplateValues.AreEqual(x, item));
                    result = index >= 0 ? (long)index : throw new TemplateException($"{TemplateValues.Repr(item)} is not in list");
                    return true;
                }
            case LoopContext loop when name == "cycle":
                result = loop.Cycle(argumentList.Evaluate(context));
                return true;
            default:
                return false;
        }
    }

    private static bool IsStringMethod(string name) => name is "strip" or "lstrip" or "rstrip" or "split" or "rsplit"
        or "splitlines" or "startswith" or "endswith" or "upper" or "lower" or "title" or "capitalize" or "replace"
        or "format" or "join" or "find" or "rfind" or "count" or "isdigit" or "isalpha" or "isalnum" or "isspace"
        or "islower" or "isupper" or "removeprefix" or "removesuffix" or "zfill" or "swapcase";

    private static object? InvokeDict(Dictionary<string, object?> dict, string name, TemplateArguments args)
    {
        switch (name)
        {
            case "get":
                {
                    object? key = args.Get(0, "key");
                    string k = key as string ?? TemplateValues.ToStr(key);
                    return dict.TryGetValue(k, out object? value) ? value : args.Get(1, "default");
                }
            case "items":
                return TemplateFilters.Items(dict);
            case "keys":
                return new List<object?>(dict.Keys);
            default:
                return new List<object?>(dict.Values);
        }
    }

    private static object? InvokeString(string s, string name, TemplateArguments args)
    {
        switch (name)
        {
            case "strip":
                return Strip(s, args.Get(0, "chars"), true, true);
            case "lstrip":
                return Strip(s, args.Get(0, "chars"), true, false);
            case "rstrip":
                return Strip(s, args.Get(0, "chars"), false, true);
            case "split":
                return Split(s, args.Get(0, "sep"), args.Get(1, "maxsplit", -1L));
            case "rsplit":
                return RSplit(s, args.Get(0, "sep"), args.Get(1, "maxsplit", -1L));
            case "splitlines":
                return SplitLines(s).ConvertAll(x => (object?)x);
            case "startswith":
                return AnyAffix(args.Get(0, "prefix"), p => s.StartsWith(p, StringComparison.Ordinal));
            case "endswith":
                return AnyAffix(args.Get(0, "suffix"), p => s.EndsWith(p, StringComparison.Ordinal));
            case "upper":
                return s.ToUpperInvariant();
            case "lower":
                return s.ToLowerInvariant();
            case "swapcase":
                return new string(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
            case "title":
                return PythonTitle(s);
            case "capitalize":
                return Capitalize(s);
            case "replace":
                return Replace(s, AsString(args.Get(0, "old"), "replace"), AsString(args.Get(1, "new"), "replace"), args.Get(2, "count", -1L));
            case "format":
                return TemplateFormatting.StrFormat(s, args);
            case "join":
                return string.Join(s, TemplateValues.Iterate(args.Get(0, "iterable")).Select(TemplateValues.ToStr));
            case "find":
                return (long)s.IndexOf(AsString(args.Get(0, "sub"), "find"), StringComparison.Ordinal);
            case "rfind":
                return (long)s.LastIndexOf(AsString(args.Get(0, "sub"), "rfind"), StringComparison.Ordinal);
            case "count":
                {
                    string sub = AsString(args.Get(0, "sub"), "count");
                    if (sub.Length == 0)
                    {
                        return (long)s.Length + 1;
                    }
                    long n = 0;
                    for (int i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
                    {
                        n++;
                    }
                    return n;
                }
            case "isdigit":
                return s.Length > 0 && s.All(char.IsDigit);
            case "isalpha":
                return s.Length > 0 && s.All(char.IsLetter);
            case "isalnum":
                return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "isspace":
                return s.Length > 0 && s.All(char.IsWhiteSpace);
            case "islower":
                return s.Any(char.IsLetter) && !s.Any(char.IsUpper);
            case "isupper":
                return s.Any(char.IsLetter) && !s.Any(char.IsLower);
            case "removeprefix":
                {
                    string p = AsString(args.Get(0, "prefix"), "removeprefix");
                    return s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s;
                }
            case "removesuffix":
                {
                    string p = AsString(args.Get(0, "suffix"), "removesuffix");
                    return p.Length > 0 && s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s;
                }
            default: // zfill
                {
                    int width = (int)TemplateValues.ToLong(args.Get(0, "width"));
                    if (s.Length >= width)
                    {
                        return s;
                    }
                    bool sign = s.Length > 0 && s[0] is '+' or '-';
                    return sign ? s[0] + new string('0', width - s.Length) + s[1..] : new string('0', width - s.Length) + s;
                }
        }
    }

    private static string AsString(object? value, string method) =>
        value as string ?? throw new TemplateException($"str.{method}() expects a string argument, got {TemplateValues.TypeName(value)}");

    private static bool AnyAffix(object? affix, Func<string, bool> test) => affix switch
    {
        string p => test(p),
        List<object?> options => options.Any(o => o is string p && test(p)),
        _ => throw new TemplateException($"startswith/endswith expects a string or tuple, got {TemplateValues.TypeName(affix)}"),
    };

    /// <summary>Python <c>str.strip([chars])</c>: whitespace, or any of <paramref name="chars"/>.</summary>
    public static string Strip(string s, object? chars, bool left, bool right)
    {
        if (chars is null or Undefined)
        {
            return left && right ? s.Trim() : left ? s.TrimStart() : s.TrimEnd();
        }
        string set = chars as string ?? throw new TemplateException("strip arg must be None or str");
        char[] trim = set.ToCharArray();
        return left && right ? s.Trim(trim) : left ? s.TrimStart(trim) : s.TrimEnd(trim);
    }

    /// <summary>Python <c>str.split(sep=None, maxsplit=-1)</c>.</summary>
    public static List<object?> Split(string s, object? sep, object? maxSplit)
    {
        long max = maxSplit is null ? -1 : TemplateValues.ToLong(maxSplit);
        var result = new List<object?>();
        if (sep is null or Undefined)
        {
            int i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }
                if (i >= s.Length)
                {
                    break;
                }
                if (max >= 0 && result.Count == max)
                {
                    result.Add(s[i..].TrimEnd());
                    break;
                }
                int start = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i]))
                {
                    i++;
                }
                result.Add(s[start..i]);
            }
            return result;
        }
        string separator = sep as string ?? throw new TemplateException("split separator must be a string");
        if (separator.Length == 0)
        {
            throw new TemplateException("empty separator");
        }
        int from = 0;
        while (max < 0 || result.Count < max)
        {
            int at = s.IndexOf(separator, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }
            result.Add(s[from..at]);
            from = at + separator.Length;
        }
        result.Add(s[from..]);
        return result;
    }

    private static List<object?> RSplit(string s, object? sep, object? maxSplit)
    {
        long max = maxSplit is null ? -1 : TemplateValues.ToLong(maxSplit);
        if (max < 0 || sep is null or Undefined)
        {
            return Split(s, sep, max < 0 ? -1L : null);
        }
        string separator = sep as string ?? throw new TemplateException("rsplit separator must be a string");
        var parts = new List<object?>();
        int end = s.Length;
        while (parts.Count < max)
        {
            int at = end == 0 ? -1 : s.LastIndexOf(separator, end - 1, StringComparison.Ordinal);
            if (at < 0 || at + separator.Length > end)
            {
                break;
            }
            parts.Insert(0, s[(at + separator.Length)..end]);
            end = at;
        }
        parts.Insert(0, s[..end]);
        return parts;
    }

    /// <summary>Python <c>str.replace(old, new, count=-1)</c>.</summary>
    public static string Replace(string s, string oldValue, string newValue, object? count)
    {
        long max = count is null or Undefined ? -1 : TemplateValues.ToLong(count);
        if (max < 0)
        {
            return oldValue.Length == 0 ? InsertBetween(s, newValue, long.MaxValue) : s.Replace(oldValue, newValue, StringComparison.Ordinal);
        }
        if (oldValue.Length == 0)
        {
            return InsertBetween(s, newValue, max);
        }
        var sb = new StringBuilder();
        int from = 0;
        for (long n = 0; n < max; n++)
        {
            int at = s.IndexOf(oldValue, from, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }
            sb.Append(s, from, at - from).Append(newValue);
            from = at + oldValue.Length;
        }
        return sb.Append(s, from, s.Length - from).ToString();
    }

    private static string InsertBetween(string s, string insert, long max)
    {
        var sb = new StringBuilder();
        long n = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            if (n < max)
            {
                sb.Append(insert);
                n++;
            }
            if (i < s.Length)
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>Python <c>str.title()</c>: a letter after a non-letter is upper-cased, others lower-cased.</summary>
    public static string PythonTitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousCased = false;
        foreach (char c in s)
        {
            sb.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = char.IsLetter(c);
        }
        return sb.ToString();
    }

    /// <summary>Python <c>str.capitalize()</c>: first character upper case, the rest lower case.</summary>
    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    /// <summary>Python <c>str.splitlines()</c> for <c>\n</c>, <c>\r\n</c> and <c>\r</c>: no empty entry after a final newline.</summary>
    public static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] is '\n' or '\r')
            {
                lines.Add(s[start..i]);
                if (s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n')
                {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < s.Length)
        {
            lines.Add(s[start..]);
        }
        return lines;
    }
}
