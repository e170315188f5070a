namespace Wren.Templates;

/// <summary><c>operand is [not] test(args)</c>; the test is looked up when the template is parsed.</summary>
internal sealed class TestExpression(Expression operand, TemplateTest test, ArgumentList arguments, bool negated, int line) : Expression(line)
{
    public override object? Evaluate(RenderContext context)
    {
        bool result = test(operand.Evaluate(context), arguments.Evaluate(context));
        return TemplateValues.Box(negated ? !result : result);
    }
}
