using System.Text;

namespace Wren.Templates;

/// <summary>
/// A macro: parameters with optional defaults and a body. Calling it renders the body and returns the
/// text. A macro defined with <c>{% macro %}</c> runs in a fresh scope that sees the template's globals;
/// the <c>caller</c> of a <c>{% call %}</c> block runs in the scope of the call site (a closure).
/// Extra arguments land in <c>varargs</c> and <c>kwargs</c>.
/// </summary>
internal sealed class TemplateMacro
{
    private readonly string[] _parameters;
    private readonly Expression?[] _defaults;
    private readonly Node[] _body;
    private readonly RenderContext? _closure;

    public TemplateMacro(string name, string[] parameters, Expression?[] defaults, Node[] body, RenderContext? closure = null)
    {
        Name = name;
        _parameters = parameters;
        _defaults = defaults;
        _body = body;
        _closure = closure;
    }

    public string Name { get; }

    /// <summary>This macro bound to the scope it is created in (for <c>caller</c>).</summary>
    public TemplateMacro WithClosure(RenderContext context) => new(Name, _parameters, _defaults, _body, context);

    public string Invoke(RenderContext context, TemplateArguments arguments, TemplateMacro? caller)
    {
        var output = new StringBuilder();
        RenderContext scope;
        StringBuilder? savedOutput = null;
        if (_closure is not null)
        {
            scope = _closure;
            savedOutput = scope.Output;
            scope.Output = output;
        }
        else
        {
            scope = new RenderContext(context.Root, output, context.TemplateName);
        }
        scope.PushScope();
        try
        {
            Bind(scope, arguments);
            if (caller is not null)
            {
                scope.Assign("caller", caller);
            }
            Node.RenderAll(_body, scope);
        }
        finally
        {
            scope.PopScope();
            if (savedOutput is not null)
            {
                scope.Output = savedOutput;
            }
        }
        return output.ToString();
    }

    private void Bind(RenderContext scope, TemplateArguments arguments)
    {
        var bound = new bool[_parameters.Length];
        var extraPositional = new List<object?>();
        for (int i = 0; i < arguments.Positional.Length; i++)
        {
            if (i < _parameters.Length)
            {
                scope.Assign(_parameters[i], arguments.Positional[i]);
                bound[i] = true;
            }
            else
            {
                extraPositional.Add(arguments.Positional[i]);
            }
        }
        var extraNamed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in arguments.Named)
        {
            int index = Array.IndexOf(_parameters, pair.Key);
            if (index >= 0)
            {
                scope.Assign(pair.Key, pair.Value);
                bound[index] = true;
            }
            else
            {
                extraNamed[pair.Key] = pair.Value;
            }
        }
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (!bound[i])
            {
                scope.Assign(_parameters[i], _defaults[i] is { } d ? d.Evaluate(scope) : Undefined.ForName(_parameters[i]));
            }
        }
        scope.Assign("varargs", extraPositional);
        scope.Assign("kwargs", extraNamed);
    }
}
