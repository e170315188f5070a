namespace Wren.Templates;

/// <summary>
/// Jinja's default <c>Undefined</c>: a missing variable, key or attribute. It prints as nothing, is
/// falsy, iterates as empty and has length 0; using it in arithmetic or looking up an attribute or
/// item on it is an error, as in Jinja.
/// </summary>
internal sealed class Undefined
{
    public static readonly Undefined Instance = new("value is undefined");

    public Undefined(string hint) => Hint = hint;

    /// <summary>What Jinja would say when this value is used where it must be defined.</summary>
    public string Hint { get; }

    public static Undefined ForName(string name) => new($"'{name}' is undefined");

    public TemplateException Error() => new(Hint);

    public override string ToString() => "";
}
