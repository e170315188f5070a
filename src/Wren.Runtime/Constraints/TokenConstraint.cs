using System.Collections.Concurrent;
using System.Text.Json;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Constraints;

/// <summary>
/// A constraint on what a model may write, compiled for one tokenizer: a JSON Schema, any JSON object, or one
/// label of a set. Compiling builds a byte-level pushdown automaton (<see cref="ByteGrammar"/>); the tokens each
/// automaton state allows are worked out the first time a generation reaches that state (a walk over the
/// vocabulary trie) and kept, so later steps, and later requests with the same schema, copy a mask and check only
/// the few tokens that cross into an enclosing value. Thread-safe; shared by every generation that uses it.
/// </summary>
public sealed class TokenConstraint
{
    private const int CacheCapacity = 64;
    private static readonly ConcurrentDictionary<(BpeTokenizer, int, string), TokenConstraint> Cache = new();

    private readonly StateTokens?[] _states;
    private int _computed;

    private TokenConstraint(ByteGrammar grammar, BpeTokenizer tokenizer, int vocabSize, string description)
    {
        Grammar = grammar;
        Tokenizer = tokenizer;
        Trie = TokenTrie.For(tokenizer);
        VocabSize = vocabSize;
        Description = description;
        _states = new StateTokens?[grammar.StateCount];
    }

    /// <summary>What the constraint is ("JSON Schema", "labels: a, b"), for messages.</summary>
    public string Description { get; }

    /// <summary>States of the compiled automaton.</summary>
    public int StateCount => Grammar.StateCount;

    /// <summary>States whose token masks have been worked out so far.</summary>
    public int CachedStateCount => Volatile.Read(ref _computed);

    /// <summary>The model's vocabulary size (mask width; may exceed the tokenizer's).</summary>
    public int VocabSize { get; }

    internal ByteGrammar Grammar { get; }

    internal BpeTokenizer Tokenizer { get; }

    internal TokenTrie Trie { get; }

    /// <summary>Output that validates against <paramref name="schemaJson"/> (compact JSON). Throws <see cref="WrenException"/> naming the unsupported or invalid part.</summary>
    public static TokenConstraint ForJsonSchema(string schemaJson, BpeTokenizer tokenizer, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        return Cached(tokenizer, vocabSize, "schema:" + schemaJson, () =>
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(schemaJson);
            }
            catch (JsonException e)
            {
                throw new WrenException($"the JSON Schema is not valid JSON ({e.Message})");
            }
            using (doc)
            {
                var (nfa, root) = JsonSchemaCompiler.Compile(doc.RootElement, LeadingSpaces(tokenizer));
                return new TokenConstraint(ByteGrammar.Compile(nfa, root), tokenizer, vocabSize, "JSON Schema");
            }
        });
    }

    /// <summary>Any JSON object (OpenAI's <c>json_object</c> response format).</summary>
    public static TokenConstraint ForJsonObject(BpeTokenizer tokenizer, int vocabSize) =>
        Cached(tokenizer, vocabSize, "json_object", () =>
        {
            var (nfa, root) = JsonSchemaCompiler.Compile(null, LeadingSpaces(tokenizer));
            return new TokenConstraint(ByteGrammar.Compile(nfa, root), tokenizer, vocabSize, "JSON object");
        });

    /// <summary>Exactly one of <paramref name="labels"/>, as written (a classifier's answer).</summary>
    public static TokenConstraint ForLabels(IEnumerable<string> labels, BpeTokenizer tokenizer, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string[] list = [.. labels];
        if (list.Length == 0) throw new WrenException("a label constraint needs at least one label");
        foreach (string l in list)
        {
            if (string.IsNullOrEmpty(l)) throw new WrenException("labels must not be empty");
        }
        return Cached(tokenizer, vocabSize, "labels:" + string.Join('\u0001', list), () =>
        {
            var nfa = new ByteNfa();
            int root = nfa.AddFragment("labels");
            var (start, accept, _) = nfa.Fragments[root];
            int body = nfa.AddOptionalSpaces(start, LeadingSpaces(tokenizer));
            foreach (string l in list) nfa.AddLiteral(body, System.Text.Encoding.UTF8.GetBytes(l), accept);
            return new TokenConstraint(ByteGrammar.Compile(nfa, root), tokenizer, vocabSize, "labels: " + string.Join(", ", list));
        });
    }

    /// <summary>A matcher for one generation, starting at the beginning of the output.</summary>
    /// <param name="stopTokenIds">Tokens that end the output: allowed once the value is complete.</param>
    public ConstraintMatcher CreateMatcher(IReadOnlyList<int> stopTokenIds) => new(this, stopTokenIds);

    private static TokenConstraint Cached(BpeTokenizer tokenizer, int vocabSize, string key, Func<TokenConstraint> build)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, tokenizer.VocabularySize);
        if (tokenizer.JoinWithSpaces) throw new WrenException("constrained generation needs a tokenizer whose tokens decode to their own bytes (this one joins tokens with spaces)");
        var k = (tokenizer, vocabSize, key);
        if (Cache.TryGetValue(k, out var hit)) return hit;
        var built = build();
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        return Cache.GetOrAdd(k, built);
    }

    private static int LeadingSpaces(BpeTokenizer tokenizer) => tokenizer.StripLeadingSpaces;

    /// <summary>The tokens a state allows on its own (worked out on first use; racing threads compute the same value).</summary>
    internal StateTokens TokensOf(int state)
    {
        var known = Volatile.Read(ref _states[state]);
        if (known is not null) return known;
        var computed = Compute(state);
        if (Interlocked.CompareExchange(ref _states[state], computed, null) is null) Interlocked.Increment(ref _computed);
        return _states[state]!;
    }

    private StateTokens Compute(int state)
    {
        var allowed = new ulong[(VocabSize + 63) / 64];
        var dependentNodes = new List<int>();
        var dependentStates = new List<int>();
        int maxDistance = 0;
        var trie = Trie;
        var states = new int[trie.MaxDepth + 1];
        var stacks = new GrammarFrame?[trie.MaxDepth + 1];
        states[0] = state;
        stacks[0] = GrammarFrame.Unknown;
        for (int i = 1; i < trie.NodeCount;)
        {
            int d = trie.Depth[i];
            int s = states[d - 1];
            var st = stacks[d - 1];
            var step = Grammar.Step(ref s, ref st, trie.Byte[i]);
            if (step == GrammarStep.NeedsUnknownStack)
            {
                dependentNodes.Add(i);
                dependentStates.Add(states[d - 1]);
                i = trie.End[i];
                continue;
            }
            int distance = step == GrammarStep.Accepted ? Grammar.Distance(s, st) : 0;
            if (step == GrammarStep.Rejected || distance >= ByteGrammar.Unreachable)
            {
                i = trie.End[i];
                continue;
            }
            states[d] = s;
            stacks[d] = st;
            for (int t = trie.FirstToken[i]; t >= 0; t = trie.NextToken[t])
            {
                allowed[t >> 6] |= 1UL << (t & 63);
                maxDistance = Math.Max(maxDistance, distance);
            }
            i++;
        }
        return new StateTokens(allowed, [.. dependentNodes], [.. dependentStates], maxDistance);
    }
}
