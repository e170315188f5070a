namespace Wren.Runtime.Constraints;

/// <summary>
/// A compiled constraint: deterministic byte tables with a return stack (a pushdown automaton). Each state maps
/// a byte to one action (go to a state, pushing return states for the values it opens); a state that may end its
/// value pops when the byte is not its own. <see cref="Distance"/> gives, per state, the fewest bytes that close
/// the value, which is how generation keeps within its token budget.
/// </summary>
internal sealed class ByteGrammar
{
    private readonly int[] _actions; // [state * 256 + byte] -> index into _targets/_pushes, or -1
    private readonly int[] _targets;
    private readonly int[][] _pushes;
    private readonly bool[] _final;
    private readonly bool[] _hasOut;
    private readonly int[] _distance;

    private ByteGrammar(int[] actions, int[] targets, int[][] pushes, bool[] final, bool[] hasOut, int[] distance, int start)
    {
        _actions = actions;
        _targets = targets;
        _pushes = pushes;
        _final = final;
        _hasOut = hasOut;
        _distance = distance;
        Start = start;
    }

    public int Start { get; }

    public int StateCount => _final.Length;

    /// <summary>True where the value being read may end.</summary>
    public bool IsFinal(int state) => _final[state];

    /// <summary>True where some byte continues the value.</summary>
    public bool HasOutgoing(int state) => _hasOut[state];

    /// <summary>Fewest bytes from this state to the end of its value.</summary>
    public int Distance(int state) => _distance[state];

    /// <summary>Distance to close everything: the state's and the stack's.</summary>
    public int Distance(int state, GrammarFrame? stack) => _distance[state] + (stack?.Distance ?? 0);

    /// <summary>Advances (state, stack) by one byte.</summary>
    public GrammarStep Step(ref int state, ref GrammarFrame? stack, byte b)
    {
        while (true)
        {
            int a = _actions[(state << 8) | b];
            if (a >= 0)
            {
                int[] pushes = _pushes[a];
                for (int i = 0; i < pushes.Length; i++) stack = new GrammarFrame(pushes[i], stack, _distance[pushes[i]] + (stack?.Distance ?? 0));
                state = _targets[a];
                return GrammarStep.Accepted;
            }
            if (!_final[state] || stack is null) return GrammarStep.Rejected;
            if (ReferenceEquals(stack, GrammarFrame.Unknown)) return GrammarStep.NeedsUnknownStack;
            state = stack.State;
            stack = stack.Next;
        }
    }

    /// <summary>Determinizes every fragment of <paramref name="nfa"/> and resolves calls into per-byte actions.</summary>
    public static ByteGrammar Compile(ByteNfa nfa, int rootFragment)
    {
        var builder = new Determinizer(nfa);
        int start = builder.StartOf(rootFragment);
        builder.Run();
        int n = builder.States.Count;
        var final = new bool[n];
        for (int s = 0; s < n; s++) final[s] = builder.States[s].Final;

        // Resolve each (state, byte) into one action: a direct byte edge, or a call whose fragment starts with the byte.
        var actions = new int[n * 256];
        Array.Fill(actions, -2);
        var targets = new List<int>();
        var pushes = new List<int[]>();
        var actionIds = new Dictionary<string, int>();
        var direct = new Dictionary<int, int>();
        int Resolve(int s, int b, int depth)
        {
            int at = (s << 8) | b;
            if (actions[at] != -2) return actions[at];
            if (depth > 1000) throw new WrenException($"{builder.States[s].Where}: a $ref refers to itself before reading anything (left recursion)");
            var st = builder.States[s];
            int result = -1;
            if (st.Calls.Count == 0)
            {
                // The common case: a plain byte edge, one action per target state.
                if (st.Next[b] >= 0 && !direct.TryGetValue(st.Next[b], out result))
                {
                    result = targets.Count;
                    targets.Add(st.Next[b]);
                    pushes.Add([]);
                    direct[st.Next[b]] = result;
                }
                actions[at] = result;
                return result;
            }
            var found = new List<(int Target, int[] Pushes)>();
            if (st.Next[b] >= 0) found.Add((st.Next[b], []));
            foreach (var (fragment, ret) in st.Calls)
            {
                int inner = Resolve(builder.StartOf(fragment), b, depth + 1);
                if (inner >= 0) found.Add((targets[inner], [ret, .. pushes[inner]]));
            }
            if (found.Count > 1)
                throw new WrenException($"{st.Where}: two alternatives both start with '{(char)b}' where only one can be chosen (anyOf/oneOf of values that begin alike, or a property value that repeats the key's start); make them differ in the first character");
            if (found.Count == 1)
            {
                string key = found[0].Target + ":" + string.Join(',', found[0].Pushes);
                if (!actionIds.TryGetValue(key, out result))
                {
                    result = targets.Count;
                    targets.Add(found[0].Target);
                    pushes.Add(found[0].Pushes);
                    actionIds[key] = result;
                }
            }
            actions[at] = result;
            return result;
        }

        // Calls discovered while resolving may create states (fragment starts), so loop until all are resolved.
        for (int s = 0; s < builder.States.Count; s++)
        {
            for (int b = 0; b < 256; b++) Resolve(s, b, 0);
        }
        if (builder.States.Count != n) throw new InvalidOperationException("fragment starts must exist before resolution");

        var hasOut = new bool[n];
        for (int s = 0; s < n; s++)
        {
            for (int b = 0; b < 256 && !hasOut[s]; b++) hasOut[s] = actions[(s << 8) | b] >= 0;
        }
        int[] distance = Distances(n, actions, [.. targets], [.. pushes], final);
        if (distance[start] >= Unreachable) throw new WrenException($"{builder.States[start].Where}: no value satisfies the constraint");
        return new ByteGrammar(actions, [.. targets], [.. pushes], final, hasOut, distance, start);
    }

    internal const int Unreachable = int.MaxValue / 4;

    /// <summary>Deterministic states past this are refused: the tables take 1 KB per state.</summary>
    public const int MaxStates = 50_000;

    /// <summary>Fewest bytes to the end of the value from each state: a fixed point over the actions (a call costs its pushed states' distances).</summary>
    private static int[] Distances(int n, int[] actions, int[] targets, int[][] pushes, bool[] final)
    {
        var distinct = new int[n][];
        for (int s = 0; s < n; s++)
        {
            var set = new HashSet<int>();
            for (int b = 0; b < 256; b++)
            {
                if (actions[(s << 8) | b] >= 0) set.Add(actions[(s << 8) | b]);
            }
            distinct[s] = [.. set];
        }
        var d = new int[n];
        for (int s = 0; s < n; s++) d[s] = final[s] ? 0 : Unreachable;
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int s = n - 1; s >= 0; s--)
            {
                if (d[s] == 0) continue;
                foreach (int a in distinct[s])
                {
                    long cost = 1L + d[targets[a]];
                    foreach (int p in pushes[a]) cost += d[p];
                    if (cost < d[s])
                    {
                        d[s] = (int)cost;
                        changed = true;
                    }
                }
            }
        }
        return d;
    }

    /// <summary>Subset construction per fragment (epsilon closures never cross a call).</summary>
    private sealed class Determinizer(ByteNfa nfa)
    {
        private readonly Dictionary<string, int> _ids = [];
        private readonly Dictionary<int, int> _fragmentStarts = [];
        private readonly Queue<int> _pending = new();

        public List<DfaState> States { get; } = [];

        public int StartOf(int fragment)
        {
            if (_fragmentStarts.TryGetValue(fragment, out int id)) return id;
            var f = nfa.Fragments[fragment];
            id = Intern(fragment, Closure([f.Start]));
            _fragmentStarts[fragment] = id;
            return id;
        }

        public void Run()
        {
            while (_pending.Count > 0) Expand(_pending.Dequeue());
        }

        private int Intern(int fragment, int[] set)
        {
            string key = fragment + "|" + string.Join(',', set);
            if (_ids.TryGetValue(key, out int id)) return id;
            if (States.Count >= MaxStates)
                throw new WrenException($"{nfa.Fragments[fragment].Where}: the constraint needs more than {MaxStates:N0} automaton states (a pattern whose matches cannot be told apart early, or long counted repeats); simplify it");
            id = States.Count;
            var f = nfa.Fragments[fragment];
            States.Add(new DfaState(fragment, set, Array.IndexOf(set, f.Accept) >= 0, f.Where));
            _ids[key] = id;
            _pending.Enqueue(id);
            return id;
        }

        private void Expand(int id)
        {
            var st = States[id];
            var byByte = new List<int>?[256];
            var calls = new Dictionary<int, List<int>>();
            foreach (int s in st.Set)
            {
                foreach (var (lo, hi, to) in nfa.Bytes[s])
                {
                    for (int b = lo; b <= hi; b++) (byByte[b] ??= []).Add(to);
                }
                foreach (var (fragment, to) in nfa.Calls[s])
                {
                    if (!calls.TryGetValue(fragment, out var list)) calls[fragment] = list = [];
                    list.Add(to);
                    StartOf(fragment);
                }
            }
            var byTargets = new Dictionary<string, int>();
            List<int>? previous = null;
            int previousNext = -1;
            for (int b = 0; b < 256; b++)
            {
                var targets = byByte[b];
                if (targets is null) continue;
                // Byte ranges give runs of bytes with the same targets: reuse the last one's state without a key.
                if (previous is not null && targets.SequenceEqual(previous))
                {
                    st.Next[b] = previousNext;
                    continue;
                }
                string k = string.Join(',', targets);
                if (!byTargets.TryGetValue(k, out int next)) byTargets[k] = next = Intern(st.Fragment, Closure(targets));
                st.Next[b] = next;
                previous = targets;
                previousNext = next;
            }
            foreach (var (fragment, tos) in calls) st.Calls.Add((fragment, Intern(st.Fragment, Closure(tos))));
        }

        private int[] Closure(IEnumerable<int> states)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(states);
            while (stack.Count > 0)
            {
                int s = stack.Pop();
                if (!seen.Add(s)) continue;
                foreach (int e in nfa.Epsilons[s]) stack.Push(e);
            }
            int[] result = [.. seen];
            Array.Sort(result);
            return result;
        }
    }

    private sealed class DfaState(int fragment, int[] set, bool final, string where)
    {
        public int Fragment { get; } = fragment;

        public int[] Set { get; } = set;

        public bool Final { get; } = final;

        public string Where { get; } = where;

        public int[] Next { get; } = Enumerable.Repeat(-1, 256).ToArray();

        public List<(int Fragment, int Return)> Calls { get; } = [];
    }
}
