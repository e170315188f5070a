namespace Wren.Runtime.Constraints;

/// <summary>
/// The intersection of two string-body languages (a pattern and a length bound): both are determinized on their own
/// and their product, reachable pairs only, is written into the target automaton.
/// </summary>
internal static class ProductAutomaton
{
    private const int MaxProductStates = ByteGrammar.MaxStates;

    public static void AddIntersection(ByteNfa target, RegexNode a, RegexNode b, int from, int to, string where)
    {
        var (nextA, finalA) = Determinize(a);
        var (nextB, finalB) = Determinize(b);
        var ids = new Dictionary<(int, int), int> { [(0, 0)] = from };
        var queue = new Queue<(int, int)>();
        queue.Enqueue((0, 0));
        bool anyFinal = false;
        while (queue.Count > 0)
        {
            var (x, y) = queue.Dequeue();
            int state = ids[(x, y)];
            if (finalA[x] && finalB[y])
            {
                target.AddEpsilon(state, to);
                anyFinal = true;
            }
            for (int c = 0; c < 256; c++)
            {
                int nx = nextA[x][c], ny = nextB[y][c];
                if (nx < 0 || ny < 0) continue;
                if (!ids.TryGetValue((nx, ny), out int next))
                {
                    if (ids.Count >= MaxProductStates) throw new WrenException($"{where}: the pattern and the length bounds together are too large to compile");
                    ids[(nx, ny)] = next = target.NewState();
                    queue.Enqueue((nx, ny));
                }
                target.AddBytes(state, (byte)c, (byte)c, next);
            }
        }
        if (!anyFinal) throw new WrenException($"{where}: no string matches both the pattern and the length bounds");
    }

    /// <summary>Subset construction of a call-free automaton; state 0 is the start.</summary>
    private static (List<int[]> Next, List<bool> Final) Determinize(RegexNode node)
    {
        var nfa = new ByteNfa();
        int start = nfa.NewState(), accept = nfa.NewState();
        RegexAutomaton.Add(nfa, node, start, accept);
        var next = new List<int[]>();
        var final = new List<bool>();
        var ids = new Dictionary<string, int>();
        var sets = new List<int[]>();
        int Intern(IEnumerable<int> states)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(states);
            while (stack.Count > 0)
            {
                int s = stack.Pop();
                if (seen.Add(s)) foreach (int e in nfa.Epsilons[s]) stack.Push(e);
            }
            int[] set = [.. seen.Order()];
            string key = string.Join(',', set);
            if (ids.TryGetValue(key, out int id)) return id;
            if (ids.Count >= MaxProductStates) throw new WrenException("a string pattern is too large to compile");
            id = sets.Count;
            ids[key] = id;
            sets.Add(set);
            next.Add(Enumerable.Repeat(-1, 256).ToArray());
            final.Add(seen.Contains(accept));
            return id;
        }
        Intern([start]);
        for (int i = 0; i < sets.Count; i++)
        {
            var byByte = new List<int>?[256];
            foreach (int s in sets[i])
            {
                foreach (var (lo, hi, t) in nfa.Bytes[s])
                {
                    for (int c = lo; c <= hi; c++) (byByte[c] ??= []).Add(t);
                }
            }
            for (int c = 0; c < 256; c++)
            {
                if (byByte[c] is { } targets) next[i][c] = Intern(targets);
            }
        }
        return (next, final);
    }
}
