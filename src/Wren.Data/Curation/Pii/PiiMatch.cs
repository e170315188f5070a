namespace Wren.Data.Curation.Pii;

/// <summary>One finding: where, what type, and for secrets which kind (e.g. "aws_access_key").</summary>
public readonly record struct PiiMatch(int Start, int Length, PiiType Type, string Kind)
{
    public int End => Start + Length;

    public string Placeholder => PiiPlaceholders.For(Type);
}
