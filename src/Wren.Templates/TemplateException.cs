using Wren.Runtime;

namespace Wren.Templates;

/// <summary>
/// A Jinja template could not be parsed or rendered: a syntax error, an undefined value used where
/// Jinja raises, a type error, or the template's own <c>raise_exception(...)</c>. The message names
/// the template and the line.
/// </summary>
public class TemplateException : WrenException
{
    public TemplateException(string reason, string? templateName = null, int line = 0)
        : base(Format(reason, templateName, line))
    {
        Reason = reason;
        TemplateName = templateName;
        Line = line;
    }

    /// <summary>What went wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The template's name (a file path or "chat template"), when known.</summary>
    public string? TemplateName { get; }

    /// <summary>1-based line in the template source; 0 when not known.</summary>
    public int Line { get; }

    /// <summary>The same error located at <paramref name="line"/> of <paramref name="templateName"/>.</summary>
    internal virtual TemplateException WithLocation(string? templateName, int line) =>
        new(Reason, templateName ?? TemplateName, Line != 0 ? Line : line);

    private static string Format(string reason, string? templateName, int line)
    {
        string where = (templateName, line) switch
        {
            (null, 0) => "",
            (null, _) => $"line {line}: ",
            (_, 0) => $"{templateName}: ",
            _ => $"{templateName}, line {line}: ",
        };
        return where + reason;
    }
}
