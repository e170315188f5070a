using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Wren.Runtime.Models;

namespace Wren.Runtime.Generation;

/// <summary>
/// Generates tokens with an <see cref="InferenceSession"/>: prefills the prompt (appended to what the
/// session already holds, so a conversation can continue), then samples and decodes one token at a time.
/// After a run the session holds the prompt and every generated token except the last sampled one.
/// </summary>
public sealed class Generator(InferenceSession session)
{
    /// <summary>The session tokens are generated in.</summary>
    public InferenceSession Session { get; } = session;

    /// <summary>Timings of the last completed run (also of a streamed one).</summary>
    public GenerationTimings? LastTimings { get; private set; }

    /// <summary>Generates until a stop token, the token limit or a full context. Cancellation throws.</summary>
    public GenerationResult Generate(IReadOnlyList<int> prompt, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        var tokens = new List<int>();
        var reason = Run(prompt, options, tokens.Add, cancellationToken);
        return new GenerationResult(tokens, reason, LastTimings!);
    }

    /// <summary>
    /// Streams generated token ids as they are sampled. The model runs on one background task for the whole
    /// run (not one per token); stopping the enumeration or cancelling stops it.
    /// </summary>
    public async IAsyncEnumerable<int> StreamAsync(IReadOnlyList<int> prompt, GenerationOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    Run(prompt, options, t => channel.Writer.TryWrite(t), stop.Token);
                    channel.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    channel.Writer.TryComplete(e);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            // ReadAllAsync hands out what is already buffered without looking at the token, and the producer
            // may be far ahead: check before each token so a cancelled stream yields nothing more.
            await foreach (int token in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return token;
            }
        }
        finally
        {
            stop.Cancel();
            await producer.ConfigureAwait(false);
        }
    }

    private FinishReason Run(IReadOnlyList<int> prompt, GenerationOptions options, Action<int> emit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.Count == 0) throw new ArgumentException("the prompt is empty", nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxTokens);
        cancellationToken.ThrowIfCancellationRequested();
        int vocab = Session.Model.Config.VocabSize;
        var sampler = new TokenSampler(vocab, options.Sampling);
        int[] promptArray = prompt as int[] ?? [.. prompt];
        sampler.AddPromptTokens(promptArray);
        var stops = options.StopTokenIds as IReadOnlySet<int> ?? options.StopTokenIds.ToHashSet();

        long start = Stopwatch.GetTimestamp();
        var logits = Session.Prefill(promptArray);
        NonFiniteWeights.ThrowIfNotFinite(logits, Session.Model);
        long firstToken = 0;
        int generated = 0;
        FinishReason reason = FinishReason.Length;
        while (generated < options.MaxTokens)
        {
            int next = sampler.Sample(logits);
            generated++;
            if (generated == 1) firstToken = Stopwatch.GetTimestamp();
            if (stops.Contains(next))
            {
                reason = FinishReason.Stop;
                break;
            }

            emit(next);
            sampler.AddGeneratedToken(next);
            if (generated == options.MaxTokens) break;
            if (Session.Position >= Session.MaxContext)
            {
                reason = FinishReason.ContextFull;
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            logits = Session.Decode(next);
        }

        long end = Stopwatch.GetTimestamp();
        if (firstToken == 0) firstToken = end;
        LastTimings = new GenerationTimings(promptArray.Length, generated, Stopwatch.GetElapsedTime(start, firstToken), Stopwatch.GetElapsedTime(firstToken, end));
        return reason;
    }
}
