namespace Wren.Runtime.Generation;

/// <summary>
/// Chooses the next token from logits under <see cref="SamplingOptions"/>. Buffers are sized to the
/// vocabulary once; choosing a token allocates nothing, and nothing sorts the whole vocabulary: top-k selects
/// with a bounded heap, top-p sorts only the tokens that can be in its nucleus, temperature and min-p alone
/// work in one pass.
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingOptions _options;
    private readonly Random _random;
    private readonly float[] _scores;
    private readonly float[] _keys;
    private readonly int[] _ids;
    private readonly int[] _generatedCounts;
    private readonly bool[] _inHistory;
    private readonly List<int> _touched = [];

    public TokenSampler(int vocabSize, SamplingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 1);
        options.Validate();
        _options = options;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        _scores = new float[vocabSize];
        _keys = new float[vocabSize];
        _ids = new int[vocabSize];
        _generatedCounts = new int[vocabSize];
        _inHistory = new bool[vocabSize];
    }

    /// <summary>Records prompt tokens (they count for the repetition penalty only).</summary>
    public void AddPromptTokens(ReadOnlySpan<int> tokens)
    {
        foreach (int t in tokens) Mark(t);
    }

    /// <summary>Records a generated token (counts for all penalties).</summary>
    public void AddGeneratedToken(int token)
    {
        Mark(token);
        _generatedCounts[token]++;
    }

    /// <summary>Forgets the history (prompt and generated tokens).</summary>
    public void Reset()
    {
        foreach (int t in _touched)
        {
            _inHistory[t] = false;
            _generatedCounts[t] = 0;
        }

        _touched.Clear();
    }

    private void Mark(int token)
    {
        if ((uint)token >= (uint)_scores.Length) throw new ArgumentOutOfRangeException(nameof(token), $"token {token} is outside the vocabulary");
        if (!_inHistory[token])
        {
            _inHistory[token] = true;
            _touched.Add(token);
        }
    }

    /// <summary>Picks the next token. Shape: logits [V].</summary>
    public int Sample(ReadOnlySpan<float> logits)
    {
        int v = _scores.Length;
        if (logits.Length != v) throw new ArgumentException($"expected {v} logits, got {logits.Length}", nameof(logits));
        logits.CopyTo(_scores);
        ApplyPenalties();
        if (_options.IsGreedy) return ArgMax(_scores);

        float invT = 1f / _options.Temperature;
        int n;
        bool sorted;
        int k = _options.TopK;
        if (k > 0 && k < v)
        {
            n = SelectTopK(k);
            sorted = true;
        }
        else if (_options.TopP < 1f)
        {
            return SampleTopP(invT);
        }
        else
        {
            for (int i = 0; i < v; i++)
            {
                _keys[i] = _scores[i];
                _ids[i] = i;
            }

            n = v;
            sorted = false;
        }

        // Probabilities of the candidates (softmax of logits / T), in _keys.
        float max = float.NegativeInfinity;
        for (int i = 0; i < n; i++) max = MathF.Max(max, _keys[i]);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float p = MathF.Exp((_keys[i] - max) * invT);
            _keys[i] = p;
            sum += p;
        }

        float maxP = 0;
        for (int i = 0; i < n; i++)
        {
            _keys[i] = (float)(_keys[i] / sum);
            maxP = MathF.Max(maxP, _keys[i]);
        }

        if (sorted && _options.TopP < 1f) n = NucleusSize(n);
        return Draw(n, maxP);
    }

    /// <summary>
    /// Top-p without top-k, without sorting the whole vocabulary: every token of probability below (1 - p) / V is left
    /// out before the sort, since all of them together hold less than 1 - p, so the nucleus (the most likely tokens
    /// whose mass reaches p) is among those kept; a trained model's logits leave a few hundred of its 150k tokens.
    /// The same tokens in the same order as the full sort; the softmax denominator is summed in index order rather
    /// than sorted order, a difference in the last bits of a double.
    /// </summary>
    private int SampleTopP(float invT)
    {
        int v = _scores.Length;
        float max = float.NegativeInfinity;
        for (int i = 0; i < v; i++) max = MathF.Max(max, _scores[i]);
        double sum = 0;
        for (int i = 0; i < v; i++) sum += MathF.Exp((_scores[i] - max) * invT);

        // Half the bound, so rounding cannot leave out a token the nucleus needs.
        double floor = 0.5 * (1 - _options.TopP) / v;
        int m = 0;
        for (int i = 0; i < v; i++)
        {
            if (MathF.Exp((_scores[i] - max) * invT) / sum >= floor)
            {
                _keys[m] = -_scores[i];
                _ids[m] = i;
                m++;
            }
        }

        Array.Sort(_keys, _ids, 0, m);
        for (int i = 0; i < m; i++) _keys[i] = (float)(MathF.Exp((-_keys[i] - max) * invT) / sum);
        return Draw(NucleusSize(m), _keys[0]);
    }

    /// <summary>How many of the descending probabilities in _keys[0..n) make up the nucleus (their sum reaches top_p).</summary>
    private int NucleusSize(int n)
    {
        double cumulative = 0;
        for (int i = 0; i < n; i++)
        {
            cumulative += _keys[i];
            if (cumulative >= _options.TopP) return i + 1;
        }

        return n;
    }

    /// <summary>Applies min-p to the candidates' probabilities in _keys/_ids[0..n) and draws one of them.</summary>
    private int Draw(int n, float maxP)
    {
        if (_options.MinP > 0)
        {
            float threshold = _options.MinP * maxP;
            int kept = 0;
            for (int i = 0; i < n; i++)
            {
                if (_keys[i] >= threshold)
                {
                    _keys[kept] = _keys[i];
                    _ids[kept] = _ids[i];
                    kept++;
                }
            }

            n = kept;
        }

        double total = 0;
        for (int i = 0; i < n; i++) total += _keys[i];
        double r = _random.NextDouble() * total;
        for (int i = 0; i < n; i++)
        {
            r -= _keys[i];
            if (r < 0) return _ids[i];
        }

        return _ids[n - 1];
    }

    private void ApplyPenalties()
    {
        float rep = _options.RepetitionPenalty, freq = _options.FrequencyPenalty, presence = _options.PresencePenalty;
        if (rep == 1f && freq == 0f && presence == 0f) return;
        foreach (int t in _touched)
        {
            float s = _scores[t];
            if (rep != 1f) s = s < 0 ? s * rep : s / rep;
            int count = _generatedCounts[t];
            if (count > 0) s -= freq * count + presence;
            _scores[t] = s;
        }
    }

    /// <summary>The k largest scores, descending, into _keys/_ids[0..k) (a min-heap of size k over one pass).</summary>
    private int SelectTopK(int k)
    {
        // Heap in _keys/_ids[0..k): smallest at the root.
        for (int i = 0; i < k; i++)
        {
            _keys[i] = _scores[i];
            _ids[i] = i;
            SiftUp(i);
        }

        for (int i = k; i < _scores.Length; i++)
        {
            if (_scores[i] > _keys[0])
            {
                _keys[0] = _scores[i];
                _ids[0] = i;
                SiftDown(0, k);
            }
        }

        // Heap sort in place to descending order.
        for (int end = k - 1; end > 0; end--)
        {
            (_keys[0], _keys[end]) = (_keys[end], _keys[0]);
            (_ids[0], _ids[end]) = (_ids[end], _ids[0]);
            SiftDown(0, end);
        }

        return k;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Less(i, parent)) break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i, int size)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, smallest = i;
            if (l < size && Less(l, smallest)) smallest = l;
            if (r < size && Less(r, smallest)) smallest = r;
            if (smallest == i) return;
            Swap(i, smallest);
            i = smallest;
        }
    }

    // Ties broken by id so that the order (and a seeded draw) does not depend on heap history.
    private bool Less(int a, int b) => _keys[a] < _keys[b] || (_keys[a] == _keys[b] && _ids[a] > _ids[b]);

    private void Swap(int a, int b)
    {
        (_keys[a], _keys[b]) = (_keys[b], _keys[a]);
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
    }

    /// <summary>Index of the largest value (the first on ties, as torch.argmax).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
