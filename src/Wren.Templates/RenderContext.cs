using System.Text;

namespace Wren.Templates;

/// <summary>
/// State of one render: the output being written and the chain of variable scopes. The root scope
/// holds the globals and the caller's variables; each <c>for</c> loop and macro call pushes a scope,
/// so a <c>set</c> inside a loop does not leak out of it (as in Jinja). A macro body runs in a context
/// of its own that shares only the root, so it sees the template's globals but not its caller's locals.
/// </summary>
internal sealed class RenderContext
{
    private readonly List<Dictionary<string, object?>> _scopes = [];
    private int _depth;

    public RenderContext(Dictionary<string, object?> root, StringBuilder output, string? templateName)
    {
        _scopes.Add(root);
        _depth = 1;
        Output = output;
        TemplateName = templateName;
    }

    public StringBuilder Output { get; set; }

    public string? TemplateName { get; }

    public Dictionary<string, object?> Root => _scopes[0];

    public object? Lookup(string name)
    {
        for (int i = _depth - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(name, out object? value))
            {
                return value;
            }
        }
        return Undefined.ForName(name);
    }

    public void Assign(string name, object? value) => _scopes[_depth - 1][name] = value;

    public void PushScope()
    {
        if (_depth == _scopes.Count)
        {
            _scopes.Add(new Dictionary<string, object?>(StringComparer.Ordinal));
        }
        _depth++;
    }

    /// <summary>Pops the innermost scope; its dictionary is cleared and kept for the next push.</summary>
    public void PopScope()
    {
        _depth--;
        _scopes[_depth].Clear();
    }
}
