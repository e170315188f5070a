namespace Wren.Templates;

/// <summary>A function callable from a template: a global such as <c>raise_exception</c> or <c>range</c>.</summary>
internal delegate object? TemplateFunction(TemplateArguments arguments);
