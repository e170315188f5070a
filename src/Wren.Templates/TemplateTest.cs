namespace Wren.Templates;

/// <summary>A test: <c>value is name(arguments)</c>.</summary>
internal delegate bool TemplateTest(object? value, TemplateArguments arguments);
