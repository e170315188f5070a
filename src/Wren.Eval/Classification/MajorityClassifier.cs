using Wren.Runtime.Classification;

namespace Wren.Eval.Classification;

/// <summary>The floor every classifier must clear: always the label most common in training (ties: the first in label order).</summary>
public sealed class MajorityClassifier : ITextClassifier
{
    private readonly ClassPrediction _answer;

    public MajorityClassifier(IReadOnlyList<string> labels, IEnumerable<LabeledText> train)
    {
        Labels = labels;
        var counts = new int[labels.Count];
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        int total = 0;
        foreach (var e in train)
        {
            counts[index[e.Label]]++;
            total++;
        }

        int best = 0;
        for (int i = 1; i < counts.Length; i++)
            if (counts[i] > counts[best]) best = i;
        // The training shares are the honest probabilities of a classifier that ignores its input.
        var probabilities = counts.Select(c => total == 0 ? 1.0 / counts.Length : (double)c / total).ToArray();
        _answer = new ClassPrediction(best, labels[best], probabilities[best], probabilities);
    }

    public IReadOnlyList<string> Labels { get; }

    public ClassPrediction Classify(string input) => _answer;
}
