namespace Wren.Templates;

/// <summary>
/// <c>{% set x = v %}</c>, <c>{% set a, b = pair %}</c> and <c>{% set ns.attr = v %}</c> (namespace attribute).
/// The value is either an expression or, for <c>{% set x %}...{% endset %}</c>, the rendered body.
/// </summary>
internal sealed class SetNode : Node
{
    private readonly string[] _names;
    private readonly string? _namespaceVariable;
    private readonly Expression? _value;
    private readonly Node[]? _body;
    private readonly FilterExpression? _bodyFilter;

    public SetNode(string[] names, string? namespaceVariable, Expression? value, Node[]? body, FilterExpression? bodyFilter, int line)
        : base(line)
    {
        _names = names;
        _namespaceVariable = namespaceVariable;
        _value = value;
        _body = body;
        _bodyFilter = bodyFilter;
    }

    public override LoopControl Render(RenderContext context)
    {
        object? value;
        if (_body is not null)
        {
            var saved = context.Output;
            context.Output = new System.Text.StringBuilder();
            try
            {
                RenderAll(_body, context);
                value = context.Output.ToString();
            }
            finally
            {
                context.Output = saved;
            }
            if (_bodyFilter is not null)
            {
                value = _bodyFilter.Apply(value, context);
            }
        }
        else
        {
            value = _value!.Evaluate(context);
        }

        if (_namespaceVariable is not null)
        {
            if (context.Lookup(_namespaceVariable) is not TemplateNamespace ns)
            {
                throw new TemplateException($"cannot assign attribute on non-namespace object '{_namespaceVariable}'");
            }
            ns.Attributes[_names[0]] = value;
            return LoopControl.None;
        }
        if (_names.Length == 1)
        {
            context.Assign(_names[0], value);
            return LoopControl.None;
        }
        if (value is not List<object?> values || values.Count != _names.Length)
        {
            throw new TemplateException($"cannot unpack {TemplateValues.TypeName(value)} into {_names.Length} names");
        }
        for (int i = 0; i < _names.Length; i++)
        {
            context.Assign(_names[i], values[i]);
        }
        return LoopControl.None;
    }
}
