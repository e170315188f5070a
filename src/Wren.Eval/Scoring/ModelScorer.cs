using System.Collections.Concurrent;
using System.Text;
using Wren.Runtime;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Eval.Scoring;

/// <summary>
/// Answers the requests lm-evaluation-harness sends to a model — <c>loglikelihood</c>, rolling loglikelihood
/// windows and greedy <c>generate_until</c> — with a <see cref="LlamaModel"/> and its tokenizer.
/// Thread-safe: each call rents one of <see cref="Workers"/> inference sessions, so callers may score
/// questions in parallel.
/// </summary>
public sealed class ModelScorer : IDisposable
{
    /// <summary>Tokens scored per prefill step when every position's logits are needed ([chunk, V] floats per worker).</summary>
    private const int LogitsChunk = 64;

    private readonly ConcurrentBag<Worker> _idle = [];
    private readonly SemaphoreSlim _available;
    private readonly List<Worker> _all = [];
    private readonly int _vocab;

    public ModelScorer(LlamaModel model, BpeTokenizer tokenizer, ScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new ScorerOptions();
        Model = model;
        Tokenizer = tokenizer;
        _vocab = model.Config.VocabSize;
        AddBos = options.AddBos;
        MaxLength = Math.Min(options.MaxLength ?? Math.Min(model.Config.MaxPositionEmbeddings, 2048), model.Config.MaxPositionEmbeddings);
        if (MaxLength < 2) throw new WrenException($"max length {MaxLength} is too short to score anything");
        int cores = Environment.ProcessorCount;
        Workers = Math.Max(1, options.Workers ?? (model.Config.HiddenSize < 1024 ? cores : 1));
        ThreadsPerWorker = Math.Max(1, options.ThreadsPerWorker ?? cores / Workers);
        PrefixTokenId = model.Config.BosTokenId
            ?? (model.Config.EosTokenIds.Count > 0 ? (int?)model.Config.EosTokenIds[0] : null)
            ?? tokenizer.TokenToId("<|endoftext|>")
            ?? tokenizer.TokenToId("<s>")
            ?? throw new WrenException($"{model.Folder}: the model names no BOS or EOS token to start an empty context with");
        StopTokenIds = model.Config.EosTokenIds.Count > 0 ? [.. model.Config.EosTokenIds] : [PrefixTokenId];
        var sessionOptions = new InferenceSessionOptions { MaxContext = MaxLength, Threads = ThreadsPerWorker, PrefillChunk = LogitsChunk };
        for (int i = 0; i < Workers; i++)
        {
            var worker = new Worker(model.CreateSession(sessionOptions), _vocab);
            _all.Add(worker);
            _idle.Add(worker);
        }
        _available = new SemaphoreSlim(Workers, Workers);
    }

    public LlamaModel Model { get; }

    public BpeTokenizer Tokenizer { get; }

    /// <summary>Sessions that can score at the same time.</summary>
    public int Workers { get; }

    /// <summary>Threads each session decodes with.</summary>
    public int ThreadsPerWorker { get; }

    /// <summary>Longest token sequence one forward pass sees.</summary>
    public int MaxLength { get; }

    /// <summary>Whether every request starts with BOS.</summary>
    public bool AddBos { get; }

    /// <summary>The token an empty context is replaced by, and rolling windows start with (the harness's <c>prefix_token_id</c>: BOS, else EOS).</summary>
    public int PrefixTokenId { get; }

    /// <summary>Tokens that end a generation.</summary>
    public IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>Tokens of a text, with BOS when <see cref="AddBos"/> is set.</summary>
    public int[] Encode(string text)
    {
        int[] ids = Tokenizer.Encode(text, addSpecialTokens: false);
        return AddBos ? [PrefixTokenId, .. ids] : ids;
    }

    /// <summary>The harness's <c>loglikelihood</c> for one (context, continuation) pair.</summary>
    public LoglikelihoodResult Loglikelihood(string context, string continuation) => Loglikelihoods(context, [continuation])[0];

    /// <summary>
    /// <c>loglikelihood</c> for several continuations of one context (the choices of a question). The context
    /// is run through the model once; each continuation is scored from a rewound copy of its KV cache.
    /// Tokenization follows the harness's <c>_encode_pair</c>: trailing whitespace of the context moves to the
    /// continuation, the context is encoded alone, and the continuation's tokens are those of
    /// <c>encode(context + continuation)</c> after the context's token count. An empty context becomes the
    /// prefix token. When context + continuation exceed <see cref="MaxLength"/> + 1 tokens the context is cut
    /// on the left (for all choices by the longest one, where the harness cuts per choice).
    /// </summary>
    public LoglikelihoodResult[] Loglikelihoods(string context, IReadOnlyList<string> continuations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuations);
        string trimmed = context.TrimEnd();
        string moved = context[trimmed.Length..];
        int[] contextIds;
        var continuationIds = new int[continuations.Count][];
        if (trimmed.Length == 0)
        {
            contextIds = [PrefixTokenId];
            for (int i = 0; i < continuations.Count; i++) continuationIds[i] = Tokenizer.Encode(moved + continuations[i], addSpecialTokens: false);
        }
        else
        {
            contextIds = Encode(trimmed);
            for (int i = 0; i < continuations.Count; i++)
            {
                int[] whole = Encode(trimmed + moved + continuations[i]);
                continuationIds[i] = whole.Length > contextIds.Length ? whole[contextIds.Length..] : [];
            }
        }
        return LoglikelihoodsOfTokens(contextIds, continuationIds);
    }

    /// <summary>Token-level <see cref="Loglikelihoods(string, IReadOnlyList{string})"/>: one prefill of the context, then each continuation.</summary>
    public LoglikelihoodResult[] LoglikelihoodsOfTokens(ReadOnlySpan<int> context, IReadOnlyList<int[]> continuations)
    {
        if (context.IsEmpty) throw new ArgumentException("the context needs at least one token (use the prefix token for an empty one)", nameof(context));
        int longest = 0;
        foreach (var c in continuations) longest = Math.Max(longest, c.Length);
        if (longest > MaxLength) throw new WrenException($"a continuation of {longest} tokens does not fit the model's {MaxLength}-token window");
        // The model sees context + continuation minus its last token; keep at most MaxLength of them.
        int keep = Math.Min(context.Length, MaxLength + 1 - longest);
        if (keep < 1) keep = 1;
        context = context[^keep..];

        var results = new LoglikelihoodResult[continuations.Count];
        var worker = Rent();
        try
        {
            var session = worker.Session;
            session.Reset();
            session.Prefill(context).CopyTo(worker.ContextLogits);
            int position = session.Position;
            for (int i = 0; i < continuations.Count; i++)
            {
                int[] cont = continuations[i];
                if (cont.Length == 0)
                {
                    results[i] = new LoglikelihoodResult(0, true, 0);
                    continue;
                }
                double ll = LogSoftmax.LogProbability(worker.ContextLogits, cont[0]);
                bool greedy = LogSoftmax.ArgMax(worker.ContextLogits) == cont[0];
                if (cont.Length > 1)
                {
                    session.Rewind(position);
                    AppendAndScore(worker, cont.AsSpan(0, cont.Length - 1), cont.AsSpan(1), ref ll, ref greedy);
                }
                results[i] = new LoglikelihoodResult(ll, greedy, cont.Length);
            }
        }
        finally
        {
            Return(worker);
        }
        return results;
    }

    /// <summary>
    /// Runs <paramref name="input"/> through a fresh context and scores <paramref name="targets"/>, which the
    /// last <c>targets.Length</c> positions of the input predict (one window of a rolling loglikelihood).
    /// </summary>
    public LoglikelihoodResult ScoreWindow(ReadOnlySpan<int> input, ReadOnlySpan<int> targets)
    {
        if (targets.Length > input.Length) throw new ArgumentException($"{targets.Length} targets but only {input.Length} input tokens", nameof(targets));
        if (input.Length > MaxLength) throw new ArgumentException($"a window of {input.Length} tokens exceeds the max length {MaxLength}", nameof(input));
        if (targets.IsEmpty) return new LoglikelihoodResult(0, true, 0);
        var worker = Rent();
        try
        {
            worker.Session.Reset();
            double ll = 0;
            bool greedy = true;
            AppendAndScore(worker, input, targets, ref ll, ref greedy);
            return new LoglikelihoodResult(ll, greedy, targets.Length);
        }
        finally
        {
            Return(worker);
        }
    }

    /// <summary>
    /// Greedy <c>generate_until</c>: continues the prompt with the argmax token until a stop token, one of
    /// <paramref name="until"/> (cut off, as the harness does), <paramref name="maxTokens"/> or a full window.
    /// The prompt is cut on the left so that the answer fits.
    /// </summary>
    public string GenerateGreedy(string prompt, int maxTokens, IReadOnlyList<string> until, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        int[] ids = Encode(prompt);
        if (ids.Length == 0) ids = [PrefixTokenId];
        int room = Math.Max(1, MaxLength - maxTokens);
        if (ids.Length > room) ids = ids[^room..];
        var worker = Rent();
        try
        {
            var session = worker.Session;
            session.Reset();
            var decoder = Tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
            var text = new StringBuilder();
            var logits = session.Prefill(ids);
            for (int n = 0; n < maxTokens; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int next = LogSoftmax.ArgMax(logits);
                if (IsStop(next)) break;
                text.Append(decoder.Append(next));
                if (CutAtStop(text, until)) return text.ToString();
                if (session.Position >= session.MaxContext) break;
                logits = session.Decode(next);
            }
            text.Append(decoder.Flush());
            CutAtStop(text, until);
            return text.ToString();
        }
        finally
        {
            Return(worker);
        }
    }

    public void Dispose()
    {
        foreach (var w in _all) w.Session.Dispose();
        _available.Dispose();
    }

    private bool IsStop(int token)
    {
        foreach (int s in StopTokenIds)
        {
            if (s == token) return true;
        }
        return false;
    }

    private static bool CutAtStop(StringBuilder text, IReadOnlyList<string> until)
    {
        if (until.Count == 0) return false;
        string s = text.ToString();
        int cut = -1;
        foreach (string u in until)
        {
            if (u.Length == 0) continue;
            int at = s.IndexOf(u, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        if (cut < 0) return false;
        text.Length = cut;
        return true;
    }

    /// <summary>Appends tokens to the worker's session; the last targets.Length of them predict the targets.</summary>
    private void AppendAndScore(Worker worker, ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, ref double ll, ref bool greedy)
    {
        var session = worker.Session;
        int unscored = tokens.Length - targets.Length;
        if (unscored > 0) session.Prefill(tokens[..unscored]);
        for (int done = 0; done < targets.Length; done += LogitsChunk)
        {
            int t = Math.Min(LogitsChunk, targets.Length - done);
            session.Prefill(tokens.Slice(unscored + done, t), worker.ChunkLogits);
            for (int j = 0; j < t; j++)
            {
                var row = new ReadOnlySpan<float>(worker.ChunkLogits, j * _vocab, _vocab);
                int target = targets[done + j];
                ll += LogSoftmax.LogProbability(row, target);
                if (greedy && LogSoftmax.ArgMax(row) != target) greedy = false;
            }
        }
    }

    private Worker Rent()
    {
        _available.Wait();
        if (_idle.TryTake(out var worker)) return worker;
        _available.Release();
        throw new InvalidOperationException("no idle session although the semaphore allowed one");
    }

    private void Return(Worker worker)
    {
        _idle.Add(worker);
        _available.Release();
    }

    private sealed class Worker(InferenceSession session, int vocab)
    {
        public InferenceSession Session { get; } = session;

        public float[] ContextLogits { get; } = new float[vocab];

        public float[] ChunkLogits { get; } = new float[LogitsChunk * vocab];
    }
}
