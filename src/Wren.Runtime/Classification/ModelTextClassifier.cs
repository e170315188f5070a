using System.Collections.Concurrent;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Classification;

/// <summary>
/// A language model used as a classifier: each label is scored by the log-likelihood of its continuation after the
/// prompt (one prefill of the prompt, shared by every label; a label of several tokens adds a short prefill from a
/// rewound KV cache, as multiple-choice evaluation does), so the answer is always one of the labels. The confidence is
/// softmax(log-likelihood / T) with the temperature T fitted on the validation split. Thread-safe: each call rents one
/// of <see cref="ModelClassifierOptions.Workers"/> inference sessions.
/// </summary>
public sealed class ModelTextClassifier : ITextClassifier, IDisposable
{
    private readonly ConcurrentBag<InferenceSession> _idle = [];
    private readonly List<InferenceSession> _all = [];
    private readonly SemaphoreSlim _available;
    private readonly int[][] _continuations;
    private readonly bool _ownsModel;

    public ModelTextClassifier(LlamaModel model, BpeTokenizer tokenizer, ClassifierManifest manifest, ModelClassifierOptions? options = null, bool ownsModel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new ModelClassifierOptions();
        Model = model;
        Tokenizer = tokenizer;
        Manifest = manifest;
        _ownsModel = ownsModel;
        _continuations = manifest.Prompt.EncodeContinuations(tokenizer);
        foreach (var c in _continuations)
            foreach (int id in c)
                if ((uint)id >= (uint)model.Config.VocabSize) throw new WrenException($"label token {id} is outside the model's vocabulary of {model.Config.VocabSize}");
        SingleTokenLabels = _continuations.All(c => c.Length == 1);
        int longest = _continuations.Max(c => c.Length);
        int template = manifest.Prompt.Encode(tokenizer, "").Length;
        MaxPromptTokens = template + manifest.Prompt.MaxInputTokens;
        int context = MaxPromptTokens + longest;
        if (context > model.Config.MaxPositionEmbeddings)
            throw new WrenException($"the prompt ({MaxPromptTokens} tokens at most) and its longest label ({longest}) exceed the model's {model.Config.MaxPositionEmbeddings} positions");
        var sessionOptions = new InferenceSessionOptions { MaxContext = context, PrefillChunk = context, Threads = Math.Max(1, options.ThreadsPerWorker) };
        for (int i = 0; i < Math.Max(1, options.Workers); i++)
        {
            var session = model.CreateSession(sessionOptions);
            _all.Add(session);
            _idle.Add(session);
        }

        _available = new SemaphoreSlim(_all.Count, _all.Count);
    }

    public LlamaModel Model { get; }

    public BpeTokenizer Tokenizer { get; }

    public ClassifierManifest Manifest { get; }

    public IReadOnlyList<string> Labels => Manifest.Labels;

    /// <summary>Whether every label is one token (then one prefill scores them all).</summary>
    public bool SingleTokenLabels { get; }

    /// <summary>The longest prompt the model sees (template and cut input).</summary>
    public int MaxPromptTokens { get; }

    /// <summary>Sessions that classify at the same time.</summary>
    public int Workers => _all.Count;

    /// <summary>
    /// Loads a task run (<c>RUN/task.json</c> and its model folder). <paramref name="modelPath"/> swaps in another copy of
    /// the same model, such as a quantized <c>.gguf</c> export of it (its tokenizer is then read from the GGUF).
    /// </summary>
    public static ModelTextClassifier Load(string runFolder, ModelClassifierOptions? options = null, string? modelPath = null)
    {
        var manifest = ClassifierManifest.Load(runFolder);
        string path = modelPath ?? Path.Combine(runFolder, manifest.Model);
        var model = LlamaModel.Load(path);
        try
        {
            BpeTokenizer tokenizer;
            if (path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            {
                using var gguf = Formats.Gguf.GgufReader.Open(path);
                tokenizer = BpeTokenizer.FromGguf(gguf);
            }
            else
            {
                tokenizer = BpeTokenizer.Load(path);
            }

            return new ModelTextClassifier(model, tokenizer, manifest, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public ClassPrediction Classify(string input) => Predict(LogLikelihoods(input));

    /// <summary>The prediction from label log-likelihoods: the most likely label, probabilities softmax(ll / T).</summary>
    public ClassPrediction Predict(IReadOnlyList<double> logLikelihoods)
    {
        var probabilities = Softmax(logLikelihoods, Manifest.Temperature);
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++)
            if (logLikelihoods[i] > logLikelihoods[best]) best = i;
        return new ClassPrediction(best, Labels[best], probabilities[best], probabilities);
    }

    /// <summary>The log-likelihood of each label's continuation after the input's prompt.</summary>
    public double[] LogLikelihoods(string input) => LogLikelihoodsOfPrompt(Manifest.Prompt.Encode(Tokenizer, input));

    /// <summary><see cref="LogLikelihoods"/> for a prompt already encoded.</summary>
    public double[] LogLikelihoodsOfPrompt(ReadOnlySpan<int> prompt)
    {
        if (prompt.IsEmpty) throw new ArgumentException("the prompt has no tokens", nameof(prompt));
        _available.Wait();
        if (!_idle.TryTake(out var session)) throw new InvalidOperationException("no idle session despite the semaphore");
        try
        {
            session.Reset();
            var logits = session.Prefill(prompt);
            int position = session.Position;
            double normalizer = LogSumExp(logits);
            var lls = new double[_continuations.Length];
            for (int i = 0; i < lls.Length; i++) lls[i] = logits[_continuations[i][0]] - normalizer;
            for (int i = 0; i < lls.Length; i++)
            {
                int[] c = _continuations[i];
                if (c.Length == 1) continue;
                session.Rewind(position);
                int v = Model.Config.VocabSize;
                var all = new float[(c.Length - 1) * v];
                session.Prefill(c.AsSpan(0, c.Length - 1), all);
                for (int t = 1; t < c.Length; t++)
                {
                    var row = all.AsSpan((t - 1) * v, v);
                    lls[i] += row[c[t]] - LogSumExp(row);
                }
            }

            return lls;
        }
        finally
        {
            _idle.Add(session);
            _available.Release();
        }
    }

    /// <summary>Classifies many inputs on all workers; results in input order.</summary>
    public ClassPrediction[] ClassifyAll(IReadOnlyList<string> inputs, Action<int>? completed = null, CancellationToken cancellationToken = default)
    {
        var results = new ClassPrediction[inputs.Count];
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellationToken }, i =>
        {
            results[i] = Classify(inputs[i]);
            completed?.Invoke(1);
        });
        return results;
    }

    public void Dispose()
    {
        foreach (var s in _all) s.Dispose();
        _available.Dispose();
        if (_ownsModel) Model.Dispose();
    }

    /// <summary>softmax(x / T) in double precision.</summary>
    public static double[] Softmax(IReadOnlyList<double> x, double temperature)
    {
        var p = new double[x.Count];
        double max = double.NegativeInfinity;
        for (int i = 0; i < p.Length; i++) max = Math.Max(max, x[i] / temperature);
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Exp(x[i] / temperature - max);
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    private static double LogSumExp(ReadOnlySpan<float> logits)
    {
        float max = float.NegativeInfinity;
        foreach (float l in logits) max = Math.Max(max, l);
        double sum = 0;
        foreach (float l in logits) sum += Math.Exp(l - max);
        return max + Math.Log(sum);
    }
}
