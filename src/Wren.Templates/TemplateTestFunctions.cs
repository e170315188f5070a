namespace Wren.Templates;

/// <summary>
/// Jinja's tests (<c>x is defined</c>, <c>x is string</c>, <c>x is equalto 3</c>...), with Python's
/// type rules: strings, lists and dicts are iterable and sequences; booleans are numbers.
/// </summary>
internal static class TemplateTestFunctions
{
    private static readonly Dictionary<string, TemplateTest> s_tests = new(StringComparer.Ordinal)
    {
        ["boolean"] = (v, _) => v is bool,
        ["callable"] = (v, _) => v is TemplateMacro or TemplateFunction,
        ["defined"] = (v, _) => v is not Undefined,
        ["divisibleby"] = (v, a) => TemplateValues.ToLong(a.Get(0, "num")) is var n && n != 0 && TemplateValues.ToLong(v) % n == 0,
        ["eq"] = Equal,
        ["equalto"] = Equal,
        ["=="] = Equal,
        ["escaped"] = (_, _) => false,
        ["even"] = (v, _) => TemplateValues.ToLong(v) % 2 == 0,
        ["false"] = (v, _) => v is false,
        ["filter"] = (v, _) => v is string name && TemplateFilters.TryGet(name, out TemplateFilter _),
        ["float"] = (v, _) => v is double,
        ["ge"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) >= 0,
        [">="] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) >= 0,
        ["gt"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) > 0,
        [">"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) > 0,
        ["greaterthan"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) > 0,
        ["in"] = (v, a) => TemplateValues.Contains(a.Get(0, "seq"), v),
        ["integer"] = (v, _) => v is long,
        ["iterable"] = (v, _) => v is string or List<object?> or Dictionary<string, object?>,
        ["le"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) <= 0,
        ["<="] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) <= 0,
        ["lower"] = (v, _) => v is string s && s == s.ToLowerInvariant(),
        ["lt"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) < 0,
        ["<"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) < 0,
        ["lessthan"] = (v, a) => TemplateValues.Compare(v, a.Get(0, "other")) < 0,
        ["mapping"] = (v, _) => v is Dictionary<string, object?>,
        ["ne"] = (v, a) => !TemplateValues.AreEqual(v, a.Get(0, "other")),
        ["!="] = (v, a) => !TemplateValues.AreEqual(v, a.Get(0, "other")),
        ["none"] = (v, _) => v is null,
        ["number"] = (v, _) => v is long or double or bool,
        ["odd"] = (v, _) => TemplateValues.ToLong(v) % 2 != 0,
        ["sameas"] = (v, a) => a.Get(0, "other") is var other && (ReferenceEquals(v, other) || (v is bool or null && object.Equals(v, other))),
        ["sequence"] = (v, _) => v is string or List<object?> or Dictionary<string, object?>,
        ["string"] = (v, _) => v is string,
        ["test"] = (v, _) => v is string name && s_tests!.ContainsKey(name),
        ["true"] = (v, _) => v is true,
        ["undefined"] = (v, _) => v is Undefined,
        ["upper"] = (v, _) => v is string s && s == s.ToUpperInvariant(),
    };

    private static bool Equal(object? value, TemplateArguments arguments) =>
        TemplateValues.AreEqual(value, arguments.Get(0, "other"));

    public static bool TryGet(string name, out TemplateTest test) => s_tests.TryGetValue(name, out test!);
}
