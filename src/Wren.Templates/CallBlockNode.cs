namespace Wren.Templates;

/// <summary>
/// <c>{% call [(params)] macro(args) %}body{% endcall %}</c>: calls the macro with a <c>caller</c> that
/// renders the body in the scope of the call site.
/// </summary>
internal sealed class CallBlockNode(CallExpression call, TemplateMacro caller, int line) : Node(line)
{
    public override LoopControl Render(RenderContext context)
    {
        TemplateValues.Write(context.Output, call.Evaluate(context, caller.WithClosure(context)));
        return LoopControl.None;
    }
}
