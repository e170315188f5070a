using System.Text;

namespace Wren.Templates;

/// <summary>
/// A parsed Jinja template. Parse once (the syntax tree is immutable and thread-safe), render many times
/// with different variables. Covers the Jinja subset that Hugging Face chat templates use, listed below.
/// </summary>
/// <remarks>
/// Supported Jinja: <c>{{ }}</c>, <c>{% %}</c>, <c>{# #}</c>, whitespace control (<c>-</c>, <c>+</c>), raw blocks;
/// if/elif/else; for with loop variables, else, unpacking and a filtering if; break/continue; set
/// (names, tuples, namespace attributes, block set); macro and call; filter blocks; do; the operators
/// of Jinja (arithmetic, <c>~</c>, comparisons, <c>in</c>/<c>not in</c>, <c>and</c>/<c>or</c>/<c>not</c>, inline if),
/// slicing, the common filters, tests and string/dict methods. Not supported: template inheritance and
/// includes (<c>extends</c>, <c>block</c>, <c>include</c>, <c>import</c>), recursive loops, autoescaping.
/// </remarks>
public sealed class JinjaTemplate
{
    private readonly Node[] _body;
    private readonly string? _name;

    private JinjaTemplate(Node[] body, string source, string? name)
    {
        _body = body;
        Source = source;
        _name = name;
    }

    /// <summary>The template text as given.</summary>
    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>; syntax errors throw <see cref="TemplateException"/> with the line.</summary>
    public static JinjaTemplate Parse(string source, TemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new TemplateOptions();
        var tokens = TemplateLexer.Tokenize(source, options);
        return new JinjaTemplate(TemplateParser.Parse(tokens, options.Name), source, options.Name);
    }

    /// <summary>
    /// Renders with <paramref name="variables"/> (strings, numbers, booleans, null, dictionaries, lists,
    /// <see cref="System.Text.Json.JsonElement"/> or <see cref="System.Text.Json.Nodes.JsonNode"/> values).
    /// Errors, including the template's own <c>raise_exception</c>, throw <see cref="TemplateException"/>.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?>? variables = null, Func<DateTime>? clock = null)
    {
        var root = new Dictionary<string, object?>(StringComparer.Ordinal);
        TemplateGlobals.AddTo(root, clock ?? (() => DateTime.Now));
        if (variables is not null)
        {
            foreach (var pair in variables)
            {
                root[pair.Key] = TemplateValues.FromClr(pair.Value);
            }
        }
        return RenderPrepared(root);
    }

    /// <summary>Renders with a root scope whose values are already template values (no conversion).</summary>
    internal string RenderPrepared(Dictionary<string, object?> root, int capacityHint = 256)
    {
        var output = new StringBuilder(capacityHint);
        var context = new RenderContext(root, output, _name);
        try
        {
            Node.RenderAll(_body, context);
        }
        catch (TemplateException e) when (e.TemplateName is null && _name is not null)
        {
            throw e.WithLocation(_name, e.Line);
        }
        return output.ToString();
    }
}
