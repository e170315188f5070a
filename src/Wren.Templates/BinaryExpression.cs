using System.Text;

namespace Wren.Templates;

/// <summary>
/// <c>left op right</c> with Python semantics: <c>and</c>/<c>or</c> short-circuit and return an operand,
/// <c>+</c> adds numbers or concatenates strings and lists, <c>/</c> is true division, <c>//</c> and <c>%</c>
/// floor towards negative infinity, comparisons follow Python's rules.
/// </summary>
internal sealed class BinaryExpression : Expression
{
    private readonly BinaryOperator op;
    private readonly Expression left;
    private readonly Expression right;

    /// <summary>
    /// For a chain <c>a + b + c</c> (or <c>a ~ b ~ c</c>), its operands left to right, so that the usual
    /// all-strings case is joined with one allocation, or written straight to the output.
    /// </summary>
    private readonly Expression[]? _chain;

    public BinaryExpression(BinaryOperator op, Expression left, Expression right, int line)
        : base(line)
    {
        this.op = op;
        this.left = left;
        this.right = right;
        if (op is BinaryOperator.Add or BinaryOperator.Concat)
        {
            _chain = left is BinaryExpression inner && inner.op == op && inner._chain is not null
                ? [.. inner._chain, right]
                : [left, right];
        }
    }

    /// <summary>Writes the value to <paramref name="output"/>; a string chain is appended piece by piece.</summary>
    public void WriteTo(RenderContext context, StringBuilder output)
    {
        if (_chain is null)
        {
            TemplateValues.Write(output, Evaluate(context));
            return;
        }
        var values = EvaluateChain(context);
        if (op == BinaryOperator.Concat || AllStrings(values))
        {
            foreach (object? value in values)
            {
                TemplateValues.Write(output, value);
            }
            return;
        }
        TemplateValues.Write(output, Fold(values));
    }

    private object?[] EvaluateChain(RenderContext context)
    {
        var values = new object?[_chain!.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _chain[i].Evaluate(context);
        }
        return values;
    }

    private static bool AllStrings(object?[] values)
    {
        foreach (object? value in values)
        {
            if (value is not string)
            {
                return false;
            }
        }
        return true;
    }

    private static object? Fold(object?[] values)
    {
        object? result = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            result = Arithmetic(BinaryOperator.Add, result, values[i]);
        }
        return result;
    }

    public override object? Evaluate(RenderContext context)
    {
        if (_chain is not null)
        {
            var values = EvaluateChain(context);
            if (op == BinaryOperator.Concat)
            {
                var sb = new StringBuilder();
                foreach (object? value in values)
                {
                    TemplateValues.Write(sb, value);
                }
                return sb.ToString();
            }
            if (AllStrings(values))
            {
                int length = 0;
                foreach (object? value in values)
                {
                    length += ((string)value!).Length;
                }
                return string.Create(length, values, static (span, parts) =>
                {
                    foreach (object? part in parts)
                    {
                        string text = (string)part!;
                        text.AsSpan().CopyTo(span);
                        span = span[text.Length..];
                    }
                });
            }
            return Fold(values);
        }
        object? a = left.Evaluate(context);
        switch (op)
        {
            case BinaryOperator.And:
                return TemplateValues.IsTruthy(a) ? right.Evaluate(context) : a;
            case BinaryOperator.Or:
                return TemplateValues.IsTruthy(a) ? a : right.Evaluate(context);
        }
        object? b = right.Evaluate(context);
        return op switch
        {
            BinaryOperator.Concat => TemplateValues.ToStr(a) + TemplateValues.ToStr(b),
            BinaryOperator.Equal => TemplateValues.Box(TemplateValues.AreEqual(a, b)),
            BinaryOperator.NotEqual => TemplateValues.Box(!TemplateValues.AreEqual(a, b)),
            BinaryOperator.Less => TemplateValues.Box(TemplateValues.Compare(a, b) < 0),
            BinaryOperator.LessEqual => TemplateValues.Box(TemplateValues.Compare(a, b) <= 0),
            BinaryOperator.Greater => TemplateValues.Box(TemplateValues.Compare(a, b) > 0),
            BinaryOperator.GreaterEqual => TemplateValues.Box(TemplateValues.Compare(a, b) >= 0),
            BinaryOperator.In => TemplateValues.Box(TemplateValues.Contains(b, a)),
            BinaryOperator.NotIn => TemplateValues.Box(!TemplateValues.Contains(b, a)),
            _ => Arithmetic(op, a, b),
        };
    }

    public static object? Arithmetic(BinaryOperator op, object? a, object? b)
    {
        if (a is Undefined ua)
        {
            throw ua.Error();
        }
        if (b is Undefined ub)
        {
            throw ub.Error();
        }
        if (TemplateValues.IsNumber(a) && TemplateValues.IsNumber(b))
        {
            return Numeric(op, a, b);
        }
        switch (op)
        {
            case BinaryOperator.Add when a is string sa && b is string sb:
                return string.Concat(sa, sb);
            case BinaryOperator.Add when a is List<object?> la && b is List<object?> lb:
                return new List<object?>(la.Concat(lb));
            case BinaryOperator.Multiply when a is string s && b is long or bool:
                return Repeat(s, TemplateValues.ToLong(b));
            case BinaryOperator.Multiply when b is string s && a is long or bool:
                return Repeat(s, TemplateValues.ToLong(a));
            case BinaryOperator.Multiply when a is List<object?> list && b is long or bool:
                return RepeatList(list, TemplateValues.ToLong(b));
            case BinaryOperator.Modulo when a is string format:
                return TemplateFormatting.PercentFormat(format, b);
        }
        throw new TemplateException(
            $"unsupported operand type(s) for {Symbol(op)}: '{TemplateValues.TypeName(a)}' and '{TemplateValues.TypeName(b)}'");
    }

    private static object Numeric(BinaryOperator op, object? a, object? b)
    {
        bool useDouble = a is double || b is double;
        if (op == BinaryOperator.Divide)
        {
            double divisor = TemplateValues.ToDouble(b);
            if (divisor == 0)
            {
                throw new TemplateException("division by zero");
            }
            return TemplateValues.ToDouble(a) / divisor;
        }
        if (useDouble)
        {
            double x = TemplateValues.ToDouble(a), y = TemplateValues.ToDouble(b);
            switch (op)
            {
                case BinaryOperator.Add: return x + y;
                case BinaryOperator.Subtract: return x - y;
                case BinaryOperator.Multiply: return x * y;
                case BinaryOperator.Power: return Math.Pow(x, y);
                case BinaryOperator.FloorDivide:
                    if (y == 0)
                    {
                        throw new TemplateException("float floor division by zero");
                    }
                    return Math.Floor(x / y);
                case BinaryOperator.Modulo:
                    if (y == 0)
                    {
                        throw new TemplateException("float modulo by zero");
                    }
                    double r = x % y;
                    return r != 0 && (r < 0) != (y < 0) ? r + y : r;
            }
        }
        else
        {
            long x = TemplateValues.ToLong(a), y = TemplateValues.ToLong(b);
            switch (op)
            {
                case BinaryOperator.Add: return x + y;
                case BinaryOperator.Subtract: return x - y;
                case BinaryOperator.Multiply: return x * y;
                case BinaryOperator.Power:
                    return y >= 0 ? (object)(long)Math.Pow(x, y) : Math.Pow(x, y);
                case BinaryOperator.FloorDivide:
                    if (y == 0)
                    {
                        throw new TemplateException("integer division or modulo by zero");
                    }
                    return FloorDiv(x, y);
                case BinaryOperator.Modulo:
                    if (y == 0)
                    {
                        throw new TemplateException("integer division or modulo by zero");
                    }
                    long m = x % y;
                    return m != 0 && (m < 0) != (y < 0) ? m + y : m;
            }
        }
        throw new TemplateException($"unsupported operator {Symbol(op)}");
    }

    private static long FloorDiv(long x, long y)
    {
        long q = x / y;
        return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q;
    }

    private static string Repeat(string s, long count)
    {
        if (count <= 0)
        {
            return "";
        }
        var sb = new StringBuilder(s.Length * (int)count);
        for (long i = 0; i < count; i++)
        {
            sb.Append(s);
        }
        return sb.ToString();
    }

    private static List<object?> RepeatList(List<object?> list, long count)
    {
        var result = new List<object?>();
        for (long i = 0; i < count; i++)
        {
            result.AddRange(list);
        }
        return result;
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.FloorDivide => "//",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Power => "**",
        _ => op.ToString(),
    };
}
