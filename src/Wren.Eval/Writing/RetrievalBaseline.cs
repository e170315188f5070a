using Wren.Eval.TextMetrics;

namespace Wren.Eval.Writing;

/// <summary>
/// The retrieval baseline of a generate or extract task: the training example whose input is nearest to the new
/// input (cosine of TF-IDF word vectors, smoothed idf as scikit-learn's TfidfVectorizer, L2-normalised) and its output,
/// copied. What a support team gets from "reuse the answer to the most similar ticket"; a model has to beat it to be
/// worth its cost. Hand-written: a nearest-neighbour search over a few thousand sparse vectors needs no library.
/// </summary>
public sealed class RetrievalBaseline
{
    private readonly List<Dictionary<string, double>> _vectors;
    private readonly IReadOnlyList<string> _outputs;
    private readonly Dictionary<string, double> _idf;

    public RetrievalBaseline(IReadOnlyList<(string Input, string Output)> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("the retrieval baseline needs training examples", nameof(train));
        var tokens = train.Select(e => RougeL.Tokenize(e.Input)).ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in tokens)
            foreach (string term in t.Distinct(StringComparer.Ordinal)) documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        int n = train.Count;
        _idf = documentFrequency.ToDictionary(p => p.Key, p => Math.Log((1.0 + n) / (1.0 + p.Value)) + 1, StringComparer.Ordinal);
        _vectors = tokens.Select(Vector).ToList();
        _outputs = train.Select(e => e.Output).ToList();
    }

    /// <summary>The output of the nearest training input (the first of equals; the first example when nothing is shared).</summary>
    public string Write(string input) => _outputs[Nearest(input)];

    public int Nearest(string input)
    {
        var query = Vector(RougeL.Tokenize(input));
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < _vectors.Count; i++)
        {
            double dot = 0;
            foreach (var (term, weight) in query)
                if (_vectors[i].TryGetValue(term, out double w)) dot += weight * w;
            if (dot > bestScore)
            {
                bestScore = dot;
                best = i;
            }
        }

        return best;
    }

    private Dictionary<string, double> Vector(List<string> tokens)
    {
        var vector = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string t in tokens)
            if (_idf.ContainsKey(t)) vector[t] = vector.GetValueOrDefault(t) + 1;
        double norm = 0;
        foreach (string t in vector.Keys.ToList())
        {
            vector[t] *= _idf[t];
            norm += vector[t] * vector[t];
        }

        norm = Math.Sqrt(norm);
        if (norm > 0)
            foreach (string t in vector.Keys.ToList()) vector[t] /= norm;
        return vector;
    }
}
