namespace Wren.Templates;

/// <summary>A filter: <c>value | name(arguments)</c>.</summary>
internal delegate object? TemplateFilter(object? value, TemplateArguments arguments);
