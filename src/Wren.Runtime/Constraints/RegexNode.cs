namespace Wren.Runtime.Constraints;

/// <summary>A parsed regular expression (the subset <see cref="RegexParser"/> reads).</summary>
internal abstract record RegexNode
{
    public sealed record Chars(CodePointSet Set) : RegexNode;

    public sealed record Sequence(IReadOnlyList<RegexNode> Items) : RegexNode;

    public sealed record Alternation(IReadOnlyList<RegexNode> Options) : RegexNode;

    /// <summary>Max null: unbounded.</summary>
    public sealed record Repeat(RegexNode Item, int Min, int? Max) : RegexNode;
}
