namespace Wren.Templates;

/// <summary>
/// <c>f(args)</c>: a macro, a global function, or a method of a value (<c>s.strip()</c>, <c>d.items()</c>,
/// <c>loop.cycle(...)</c>). Methods are dispatched by name without creating bound-method objects.
/// </summary>
internal sealed class CallExpression(Expression callee, ArgumentList arguments, int line) : Expression(line)
{
    public override object? Evaluate(RenderContext context) => Evaluate(context, caller: null);

    public object? Evaluate(RenderContext context, TemplateMacro? caller)
    {
        object? function;
        if (callee is AttributeExpression attribute)
        {
            object? target = attribute.Target.Evaluate(context);
            if (target is Undefined undefined)
            {
                throw undefined.Error();
            }
            if (TemplateMethods.TryInvoke(target, attribute.Name, arguments, context, out object? result))
            {
                return result;
            }
            function = TemplateValues.GetAttribute(target, attribute.Name);
        }
        else
        {
            function = callee.Evaluate(context);
        }
        switch (function)
        {
            case TemplateMacro macro:
                return macro.Invoke(context, arguments.Evaluate(context), caller);
            case TemplateFunction f:
                return f(arguments.Evaluate(context));
            case Undefined u:
                throw new TemplateException(u.Hint.EndsWith("is undefined", StringComparison.Ordinal) ? $"{u.Hint} (called as a function)" : u.Hint);
            default:
                throw new TemplateException($"'{TemplateValues.TypeName(function)}' object is not callable");
        }
    }
}
