using System.Numerics;
using Wren.Runtime.Generation;

namespace Wren.Runtime.Constraints;

/// <summary>
/// Where one generation stands in a <see cref="TokenConstraint"/>: the automaton state and its return stack. Each
/// step it masks the logits to the tokens that keep the output valid and that still leave room, within the token
/// budget, to close every open value (the shortest completion is known per state, so a weak model that rambles is
/// steered to finish in time). Once the value is complete only the stop tokens are allowed, or generation ends.
/// One per sequence; not thread-safe.
/// </summary>
public sealed class ConstraintMatcher
{
    private readonly TokenConstraint _constraint;
    private readonly IReadOnlyList<int> _stopTokenIds;
    private readonly ulong[] _mask;
    private readonly float[] _masked;
    private readonly int[] _walkStates;
    private readonly GrammarFrame?[] _walkStacks;
    private int _state;
    private GrammarFrame? _stack;

    internal ConstraintMatcher(TokenConstraint constraint, IReadOnlyList<int> stopTokenIds)
    {
        _constraint = constraint;
        _stopTokenIds = stopTokenIds ?? [];
        _mask = new ulong[(constraint.VocabSize + 63) / 64];
        _masked = new float[constraint.VocabSize];
        _walkStates = new int[constraint.Trie.MaxDepth + 1];
        _walkStacks = new GrammarFrame?[constraint.Trie.MaxDepth + 1];
        _state = constraint.Grammar.Start;
    }

    /// <summary>True when the output so far is a whole valid value.</summary>
    public bool IsComplete => _constraint.Grammar.Distance(_state, _stack) == 0;

    /// <summary>True when more text could still follow (a number may take more digits).</summary>
    public bool CanContinue
    {
        get
        {
            if (_constraint.Grammar.HasOutgoing(_state)) return true;
            for (var f = _stack; f is not null; f = f.Next)
            {
                if (_constraint.Grammar.HasOutgoing(f.State)) return true;
            }
            return false;
        }
    }

    /// <summary>Fewest bytes that complete the output from here.</summary>
    public int RemainingBytes => _constraint.Grammar.Distance(_state, _stack);

    /// <summary>
    /// Picks the next token: the sampler's choice among the allowed tokens (logits of the others set to -inf), then
    /// advances past it unless it is a stop token. Shape: logits [V].
    /// </summary>
    /// <param name="budget">Tokens the generation may still write (its max tokens or context, whichever is nearer).</param>
    public int Sample(TokenSampler sampler, ReadOnlySpan<float> logits, int budget)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ComputeMask(_mask, budget);
        var masked = _masked.AsSpan(0, logits.Length);
        logits.CopyTo(masked);
        for (int w = 0; w < _mask.Length; w++)
        {
            ulong bits = _mask[w];
            int baseId = w << 6;
            if (bits == ulong.MaxValue) continue;
            if (bits == 0)
            {
                masked.Slice(baseId, Math.Min(64, masked.Length - baseId)).Fill(float.NegativeInfinity);
                continue;
            }
            for (int b = 0; b < 64 && baseId + b < masked.Length; b++)
            {
                if ((bits & (1UL << b)) == 0) masked[baseId + b] = float.NegativeInfinity;
            }
        }
        int token = sampler.Sample(masked);
        // A draw can land on a zero-probability token only through rounding; take the best allowed one then.
        if (!IsSet(_mask, token)) token = TokenSampler.ArgMax(masked);
        if (!IsStop(token)) Accept(token);
        return token;
    }

    /// <summary>Advances past a token (its bytes must be allowed here).</summary>
    public void Accept(int token)
    {
        if ((uint)token >= (uint)_constraint.Tokenizer.VocabularySize || _constraint.Tokenizer.IsSpecial(token))
            throw new WrenException($"token {token} is not text the constraint ({_constraint.Description}) can accept");
        int s = _state;
        var st = _stack;
        foreach (byte b in _constraint.Tokenizer.TokenBytes(token))
        {
            if (_constraint.Grammar.Step(ref s, ref st, b) != GrammarStep.Accepted)
                throw new WrenException($"token {token} breaks the constraint ({_constraint.Description}) at byte 0x{b:x2}");
        }
        _state = s;
        _stack = st;
    }

    /// <summary>The allowed tokens as bits (token t is bit t % 64 of word t / 64). Shape: mask [ceil(V / 64)].</summary>
    public void ComputeMask(Span<ulong> mask, int budget)
    {
        if (mask.Length < _mask.Length) throw new ArgumentException($"the mask needs {_mask.Length} words", nameof(mask));
        var grammar = _constraint.Grammar;
        int limit = budget <= 0 ? int.MaxValue : budget - 1;
        var tokens = _constraint.TokensOf(_state);
        int below = _stack?.Distance ?? 0;
        if ((long)tokens.MaxDistance + below <= limit)
        {
            // Every token the state allows on its own fits the budget: copy, then check those that pop into the stack.
            tokens.Allowed.CopyTo(mask);
            for (int i = 0; i < tokens.DependentNodes.Length; i++) Walk(tokens.DependentNodes[i], tokens.DependentStates[i], mask, limit);
        }
        else
        {
            mask.Clear();
            Walk(0, _state, mask, limit);
        }
        if (IsComplete)
        {
            foreach (int t in _stopTokenIds)
            {
                if ((uint)t < (uint)_constraint.VocabSize) mask[t >> 6] |= 1UL << (t & 63);
            }
        }
        if (IsEmpty(mask) && limit != int.MaxValue)
        {
            // The budget is already too small to finish; allow every valid token (the answer ends at the length limit).
            ComputeMask(mask, 0);
        }
        else if (IsEmpty(mask)) throw new WrenException($"no token of the vocabulary continues the output here ({_constraint.Description})");
    }

    /// <summary>The allowed tokens by a walk over the whole vocabulary, without the per-state cache (the oracle the cache is tested against).</summary>
    internal void ComputeMaskByFullWalk(Span<ulong> mask)
    {
        mask.Clear();
        Walk(0, _state, mask, int.MaxValue);
        if (IsComplete)
        {
            foreach (int t in _stopTokenIds) mask[t >> 6] |= 1UL << (t & 63);
        }
    }

    /// <summary>
    /// Walks the trie from node <paramref name="node"/> (0: the whole vocabulary), starting in grammar state
    /// <paramref name="state"/> over the real stack, and sets the bits of tokens accepted within the distance limit.
    /// </summary>
    private void Walk(int node, int state, Span<ulong> mask, int limit)
    {
        var trie = _constraint.Trie;
        var grammar = _constraint.Grammar;
        int first, end, baseDepth;
        if (node == 0)
        {
            first = 1;
            end = trie.NodeCount;
            baseDepth = 0;
        }
        else
        {
            first = node;
            end = trie.End[node];
            baseDepth = trie.Depth[node] - 1;
        }
        _walkStates[baseDepth] = state;
        _walkStacks[baseDepth] = _stack;
        for (int i = first; i < end;)
        {
            int d = trie.Depth[i];
            int s = _walkStates[d - 1];
            var st = _walkStacks[d - 1];
            if (grammar.Step(ref s, ref st, trie.Byte[i]) != GrammarStep.Accepted)
            {
                i = trie.End[i];
                continue;
            }
            int distance = grammar.Distance(s, st);
            if (distance >= ByteGrammar.Unreachable)
            {
                i = trie.End[i];
                continue;
            }
            _walkStates[d] = s;
            _walkStacks[d] = st;
            if (distance <= limit)
            {
                for (int t = trie.FirstToken[i]; t >= 0; t = trie.NextToken[t]) mask[t >> 6] |= 1UL << (t & 63);
            }
            i++;
        }
    }

    private bool IsStop(int token)
    {
        for (int i = 0; i < _stopTokenIds.Count; i++)
        {
            if (_stopTokenIds[i] == token) return true;
        }
        return false;
    }

    private static bool IsSet(ReadOnlySpan<ulong> mask, int token) => (mask[token >> 6] & (1UL << (token & 63))) != 0;

    private static bool IsEmpty(ReadOnlySpan<ulong> mask)
    {
        foreach (ulong w in mask)
        {
            if (w != 0) return false;
        }
        return true;
    }

    /// <summary>Tokens set in a mask (for tests and diagnostics).</summary>
    internal static int Count(ReadOnlySpan<ulong> mask)
    {
        int n = 0;
        foreach (ulong w in mask) n += BitOperations.PopCount(w);
        return n;
    }
}
