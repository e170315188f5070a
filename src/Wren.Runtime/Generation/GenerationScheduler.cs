using System.Collections.Concurrent;
using System.Diagnostics;
using Wren.Runtime.Models;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Generation;

/// <summary>
/// Runs several sequences on one model with continuous batching. One scheduler thread owns the model; each
/// iteration it admits waiting sequences into free slots (each slot an <see cref="InferenceSession"/> with
/// its own KV cache) and prefills their prompts, then advances every active sequence by one token in a
/// single <see cref="BatchedDecoder"/> step, so the weights are read once per step for all of them.
/// Sequences leave the batch when they finish, fail or are cancelled, and waiting ones take their slots
/// before the next step. A batched step gives each sequence exactly the logits it would get alone.
/// </summary>
public sealed class GenerationScheduler : IDisposable
{
    private readonly WrenModel _model;
    private readonly GenerationSchedulerOptions _options;
    private readonly WorkerPool _pool;
    private readonly InferenceSession[] _sessions;
    private readonly BatchedDecoder _decoder;
    private readonly ConcurrentQueue<Sequence> _waiting = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private int _inFlight;
    private int _active;
    private long _decodeSteps;
    private long _decodedTokens;

    public GenerationScheduler(WrenModel model, GenerationSchedulerOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = options ?? new GenerationSchedulerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Parallel, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxQueue);
        _pool = new WorkerPool(_options.Threads ?? Environment.ProcessorCount);
        _sessions = new InferenceSession[_options.Parallel];
        for (int i = 0; i < _sessions.Length; i++)
            _sessions[i] = model.Model.CreateSession(new InferenceSessionOptions { Pool = _pool, MaxContext = _options.MaxContext ?? model.MaxContext });
        _decoder = new BatchedDecoder(model.Model, _options.Parallel, _pool);
        _thread = new Thread(Loop) { IsBackground = true, Name = "wren-scheduler" };
        _thread.Start();
    }

    public WrenModel Model => _model;

    /// <summary>Context length of each slot.</summary>
    public int MaxContext => _sessions[0].MaxContext;

    public int Parallel => _options.Parallel;

    /// <summary>Sequences waiting for a slot.</summary>
    public int QueueLength => Math.Max(0, Volatile.Read(ref _inFlight) - Volatile.Read(ref _active));

    /// <summary>Sequences being generated.</summary>
    public int ActiveCount => Volatile.Read(ref _active);

    /// <summary>Batched decode steps run so far.</summary>
    public long DecodeSteps => Interlocked.Read(ref _decodeSteps);

    /// <summary>Tokens decoded in those steps (one per sequence per step): over <see cref="DecodeSteps"/>, the mean batch size.</summary>
    public long DecodedTokens => Interlocked.Read(ref _decodedTokens);

    /// <summary>
    /// Queues a sequence; false when <see cref="GenerationSchedulerOptions.Parallel"/> are running and
    /// <see cref="GenerationSchedulerOptions.MaxQueue"/> wait already. Cancelling the token stops it and frees its slot.
    /// </summary>
    public bool TrySubmit(TextGenerationRequest request, CancellationToken cancellationToken, out TextGeneration? generation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PromptIds.Count == 0) throw new WrenException("the prompt is empty");
        if (request.PromptIds.Count >= MaxContext)
            throw new WrenException($"the prompt has {request.PromptIds.Count} tokens; the context holds {MaxContext}");
        if (request.MaxTokens < 0) throw new WrenException("max tokens must not be negative");
        foreach (int id in request.PromptIds)
        {
            if ((uint)id >= (uint)_model.Model.Config.VocabSize) throw new WrenException($"token id {id} is outside the vocabulary [0, {_model.Model.Config.VocabSize})");
        }
        request.Sampling.Validate();
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (Interlocked.Increment(ref _inFlight) > _options.Parallel + _options.MaxQueue)
        {
            Interlocked.Decrement(ref _inFlight);
            generation = null;
            return false;
        }
        generation = new TextGeneration(request, cancellationToken);
        _waiting.Enqueue(new Sequence(generation, _model, Stopwatch.GetTimestamp()));
        _signal.Release();
        return true;
    }

    /// <summary>Submits or throws <see cref="WrenException"/> when the queue is full.</summary>
    public TextGeneration Submit(TextGenerationRequest request, CancellationToken cancellationToken = default) =>
        TrySubmit(request, cancellationToken, out var generation) ? generation! : throw new WrenException("the generation queue is full");

    private void Loop()
    {
        var active = new List<Sequence>(_options.Parallel);
        var free = new Stack<InferenceSession>(_sessions.Reverse());
        var batchSessions = new InferenceSession[_options.Parallel];
        var batchTokens = new int[_options.Parallel];
        while (!_stop.IsCancellationRequested)
        {
            // Join: new sequences take free slots and run their prompts (each its own prefill), producing their first token.
            while (free.Count > 0 && _waiting.TryDequeue(out var next))
            {
                next.Session = free.Pop();
                Interlocked.Increment(ref _active);
                bool done;
                try
                {
                    done = next.Start();
                }
                catch (Exception e)
                {
                    next.Generation.Fail(e);
                    done = true;
                }
                if (done) Leave(next, free);
                else active.Add(next);
            }

            // Leave: cancelled sequences (client gone, timeout) give their slots back before the step.
            for (int i = active.Count - 1; i >= 0; i--)
            {
                if (!active[i].Generation.CancellationToken.IsCancellationRequested) continue;
                active[i].Generation.Fail(new OperationCanceledException(active[i].Generation.CancellationToken));
                Leave(active[i], free);
                active.RemoveAt(i);
            }

            if (active.Count == 0)
            {
                if (!_waiting.IsEmpty) continue;
                try
                {
                    _signal.Wait(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                continue;
            }

            // One batched decode step for every active sequence.
            int b = active.Count;
            for (int i = 0; i < b; i++)
            {
                batchSessions[i] = active[i].Session!;
                batchTokens[i] = active[i].LastToken;
            }
            try
            {
                _decoder.Decode(batchSessions.AsSpan(0, b), batchTokens.AsSpan(0, b));
                Interlocked.Increment(ref _decodeSteps);
                Interlocked.Add(ref _decodedTokens, b);
            }
            catch (Exception e)
            {
                foreach (var seq in active)
                {
                    seq.Generation.Fail(e);
                    Leave(seq, free);
                }
                active.Clear();
                continue;
            }
            for (int i = b - 1; i >= 0; i--)
            {
                var seq = active[i];
                bool done;
                try
                {
                    done = seq.Accept(_decoder.Logits(i));
                }
                catch (Exception e)
                {
                    seq.Generation.Fail(e);
                    done = true;
                }
                if (done)
                {
                    Leave(seq, free);
                    active.RemoveAt(i);
                }
            }
        }
        foreach (var seq in active) seq.Generation.Fail(new OperationCanceledException("the scheduler stopped"));
        while (_waiting.TryDequeue(out var seq)) seq.Generation.Fail(new OperationCanceledException("the scheduler stopped"));
    }

    private void Leave(Sequence seq, Stack<InferenceSession> free)
    {
        free.Push(seq.Session!);
        seq.Session = null;
        Interlocked.Decrement(ref _active);
        Interlocked.Decrement(ref _inFlight);
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _thread.Join();
        _decoder.Dispose();
        foreach (var s in _sessions) s.Dispose();
        _pool.Dispose();
        _signal.Dispose();
    }

    /// <summary>The state of one sequence between steps (touched only by the scheduler thread).</summary>
    private sealed class Sequence(TextGeneration generation, WrenModel model, long queuedAt)
    {
        private readonly TokenSampler _sampler = new(model.Model.Config.VocabSize, generation.Request.Sampling);
        private readonly TextStreamDecoder _text = new(model.Tokenizer, generation.Request.StopStrings);
        private long _startedAt;
        private long _firstAt;
        private int _generated;
        private int _last = -1;

        public TextGeneration Generation { get; } = generation;

        public InferenceSession? Session { get; set; }

        /// <summary>The token to feed in the next decode step.</summary>
        public int LastToken => _last;

        /// <summary>Prefills the prompt and samples the first token; true when the sequence has ended.</summary>
        public bool Start()
        {
            var request = Generation.Request;
            Generation.CancellationToken.ThrowIfCancellationRequested();
            var session = Session!;
            _startedAt = Stopwatch.GetTimestamp();
            session.Reset();
            int[] prompt = request.PromptIds as int[] ?? [.. request.PromptIds];
            _sampler.AddPromptTokens(prompt);
            if (request.MaxTokens == 0) return Finish(FinishReason.Length);
            var logits = session.Prefill(prompt);
            Models.NonFiniteWeights.ThrowIfNotFinite(logits, model.Model);
            return Accept(logits);
        }

        /// <summary>Samples a token from this sequence's logits and emits it; true when the sequence has ended.</summary>
        public bool Accept(ReadOnlySpan<float> logits)
        {
            var request = Generation.Request;
            var session = Session!;
            int next = _sampler.Sample(logits);
            if (_firstAt == 0) _firstAt = Stopwatch.GetTimestamp();
            if (Contains(model.StopTokenIds, next)) return Finish(FinishReason.Stop);
            _generated++;
            _sampler.AddGeneratedToken(next);
            _last = next;
            string text = _text.Append(next);
            Generation.Emit(new TextChunk(next, text));
            if (_text.Stopped) return Finish(FinishReason.Stop);
            if (_generated >= request.MaxTokens) return Finish(FinishReason.Length);
            if (session.Position >= session.MaxContext) return Finish(FinishReason.ContextFull);
            return false;
        }

        private bool Finish(FinishReason reason)
        {
            string tail = _text.Flush();
            if (tail.Length > 0) Generation.Emit(new TextChunk(-1, tail));
            long end = Stopwatch.GetTimestamp();
            long first = _firstAt == 0 ? end : _firstAt;
            long started = _startedAt == 0 ? end : _startedAt;
            Generation.Finish(new TextGenerationSummary(reason, Generation.Request.PromptIds.Count, _generated,
                Stopwatch.GetElapsedTime(started, first), Stopwatch.GetElapsedTime(queuedAt, started), Stopwatch.GetElapsedTime(first, end)));
            return true;
        }

        private static bool Contains(IReadOnlyList<int> ids, int id)
        {
            for (int i = 0; i < ids.Count; i++)
            {
                if (ids[i] == id) return true;
            }
            return false;
        }
    }
}
