using System.Globalization;
using System.Text;

namespace Wren.Templates;

/// <summary>Python string formatting used by templates: <c>"%s" % x</c>, <c>str.format</c>, and <c>strftime</c>.</summary>
internal static class TemplateFormatting
{
    /// <summary><c>format % values</c> for the conversions templates use: <c>%s %r %d %i %f %x %%</c>.</summary>
    public static string PercentFormat(string format, object? values)
    {
        List<object?> args = values is List<object?> list ? list : [values];
        var sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }
            char conversion = format[++i];
            if (conversion == '%')
            {
                sb.Append('%');
                continue;
            }
            if (next >= args.Count)
            {
                throw new TemplateException("not enough arguments for format string");
            }
            object? arg = args[next++];
            sb.Append(conversion switch
            {
                's' => TemplateValues.ToStr(arg),
                'r' => TemplateValues.Repr(arg),
                'd' or 'i' => TemplateValues.ToLong(arg).ToString(CultureInfo.InvariantCulture),
                'f' => TemplateValues.ToDouble(arg).ToString("F6", CultureInfo.InvariantCulture),
                'x' => TemplateValues.ToLong(arg).ToString("x", CultureInfo.InvariantCulture),
                _ => throw new TemplateException($"unsupported format character '{conversion}'"),
            });
        }
        return sb.ToString();
    }

    /// <summary><c>str.format(*args, **kwargs)</c> with <c>{}</c>, <c>{0}</c>, <c>{name}</c> and <c>{{</c>/<c>}}</c>; format specs are not supported.</summary>
    public static string StrFormat(string format, TemplateArguments arguments)
    {
        var sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                sb.Append('{');
                i++;
                continue;
            }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                sb.Append('}');
                i++;
                continue;
            }
            if (c != '{')
            {
                sb.Append(c);
                continue;
            }
            int close = format.IndexOf('}', i);
            if (close < 0)
            {
                throw new TemplateException("single '{' encountered in format string");
            }
            string field = format[(i + 1)..close];
            if (field.Contains(':') || field.Contains('!'))
            {
                throw new TemplateException($"format spec '{{{field}}}' is not supported");
            }
            object? value;
            if (field.Length == 0)
            {
                value = arguments.Get(auto++, "\0");
            }
            else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                value = arguments.Get(index, "\0");
            }
            else
            {
                value = arguments.Get(-1, field, new Undefined($"format field '{field}' was not given"));
                if (value is Undefined u)
                {
                    throw u.Error();
                }
            }
            sb.Append(TemplateValues.ToStr(value));
            i = close;
        }
        return sb.ToString();
    }

    /// <summary>C <c>strftime</c> for the directives chat templates use (<c>%d %b %Y</c> and the common rest).</summary>
    public static string Strftime(DateTime time, string format)
    {
        var sb = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }
            char d = format[++i];
            sb.Append(d switch
            {
                'Y' => time.Year.ToString("0000", culture),
                'y' => (time.Year % 100).ToString("00", culture),
                'm' => time.Month.ToString("00", culture),
                'd' => time.Day.ToString("00", culture),
                'e' => time.Day.ToString(culture).PadLeft(2),
                'H' => time.Hour.ToString("00", culture),
                'I' => ((time.Hour + 11) % 12 + 1).ToString("00", culture),
                'M' => time.Minute.ToString("00", culture),
                'S' => time.Second.ToString("00", culture),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'b' or 'h' => culture.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => culture.DateTimeFormat.GetMonthName(time.Month),
                'a' => culture.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'A' => culture.DateTimeFormat.GetDayName(time.DayOfWeek),
                'j' => time.DayOfYear.ToString("000", culture),
                'F' => time.ToString("yyyy-MM-dd", culture),
                'T' => time.ToString("HH:mm:ss", culture),
                '%' => "%",
                _ => "%" + d,
            });
        }
        return sb.ToString();
    }
}
