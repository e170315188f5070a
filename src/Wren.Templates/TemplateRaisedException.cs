using Wren.Runtime;

namespace Wren.Templates;

/// <summary>
/// The template called <c>raise_exception(message)</c>, as chat templates do to reject a conversation
/// they cannot format (roles that do not alternate, a system message the model does not support).
/// <see cref="TemplateMessage"/> is the template's own text.
/// </summary>
public sealed class TemplateRaisedException : TemplateException
{
    public TemplateRaisedException(string templateMessage, string? templateName = null, int line = 0)
        : base("the template rejected the input: " + templateMessage, templateName, line)
    {
        TemplateMessage = templateMessage;
    }

    /// <summary>The message the template passed to <c>raise_exception</c>.</summary>
    public string TemplateMessage { get; }

    internal override TemplateException WithLocation(string? templateName, int line) =>
        new TemplateRaisedException(TemplateMessage, templateName ?? TemplateName, Line != 0 ? Line : line);
}
