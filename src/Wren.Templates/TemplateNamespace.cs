namespace Wren.Templates;

/// <summary>
/// The object <c>namespace(...)</c> returns: attributes that <c>{% set ns.x = ... %}</c> may change from
/// inside a loop, which is how templates carry state out of a <c>for</c> body.
/// </summary>
internal sealed class TemplateNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
