namespace Wren.Runtime.Constraints;

/// <summary>Writes a parsed pattern into a <see cref="ByteNfa"/> as the body of a JSON string (Thompson's construction, characters JSON-escaped).</summary>
internal static class RegexAutomaton
{
    public static void Add(ByteNfa nfa, RegexNode node, int from, int to)
    {
        switch (node)
        {
            case RegexNode.Chars chars:
                if (!chars.Set.IsEmpty) nfa.AddJsonChar(from, chars.Set, to);
                break;
            case RegexNode.Sequence seq:
                int at = from;
                for (int i = 0; i < seq.Items.Count; i++)
                {
                    int next = i == seq.Items.Count - 1 ? to : nfa.NewState();
                    Add(nfa, seq.Items[i], at, next);
                    at = next;
                }
                if (seq.Items.Count == 0) nfa.AddEpsilon(from, to);
                break;
            case RegexNode.Alternation alt:
                foreach (var option in alt.Options) Add(nfa, option, from, to);
                break;
            case RegexNode.Repeat rep:
                int cur = from;
                for (int i = 0; i < rep.Min; i++)
                {
                    int next = nfa.NewState();
                    Add(nfa, rep.Item, cur, next);
                    cur = next;
                }
                if (rep.Max is int max)
                {
                    for (int i = rep.Min; i < max; i++)
                    {
                        int next = nfa.NewState();
                        nfa.AddEpsilon(cur, to);
                        Add(nfa, rep.Item, cur, next);
                        cur = next;
                    }
                    nfa.AddEpsilon(cur, to);
                }
                else
                {
                    int loop = nfa.NewState();
                    nfa.AddEpsilon(cur, loop);
                    Add(nfa, rep.Item, loop, loop);
                    nfa.AddEpsilon(loop, to);
                }
                break;
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }
}
