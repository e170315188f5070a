using Wren.Runtime;
using Wren.Training.Model;

namespace Wren.Training.Classification;

/// <summary>
/// Fine-tuning batches for a classifier: each row is one example's prompt followed by its label's continuation (all but
/// its last token); the targets are ignored (-1) everywhere except the positions that predict the label's tokens, so the
/// loss is exactly the label's negative log-likelihood. Rows are left-aligned (the prompt starts at position 0, as at
/// inference) and padded after the label, which a causal model never attends to.
/// Examples are grouped into length buckets (<see cref="Buckets"/>: row lengths, shortest first) and a batch holds one
/// bucket's examples, so short messages are not padded to the longest. Rows are drawn with weight
/// count(label)^-<see cref="ClassifierTrainerOptions.BalancePower"/>, so rare labels are seen more often than their
/// share (class imbalance handled by sampling): a batch's first row is drawn over all examples, which picks the bucket
/// in proportion to its weight, the others within that bucket.
/// </summary>
public sealed class LabelBatchSampler
{
    private readonly int[][] _continuations;
    private readonly int _pad;
    private readonly double[] _weights;
    private readonly double[] _cumulative;
    private readonly List<int>[] _members;
    private readonly double[][] _bucketCumulative;

    public LabelBatchSampler(IReadOnlyList<EncodedExample> examples, int[][] continuations, int pad, double balancePower, ulong seed, IReadOnlyList<int> buckets)
    {
        if (examples.Count == 0) throw new WrenException("no training examples");
        if (buckets.Count == 0) throw new ArgumentException("at least one bucket length", nameof(buckets));
        Examples = examples;
        _continuations = continuations;
        _pad = pad;
        Buckets = buckets;
        Random = new SeededRandom(seed);
        var counts = new int[continuations.Length];
        foreach (var e in examples) counts[e.Label]++;
        _weights = examples.Select(e => Math.Pow(counts[e.Label], -balancePower)).ToArray();
        _cumulative = Cumulative(_weights);
        _members = new List<int>[buckets.Count];
        for (int b = 0; b < buckets.Count; b++) _members[b] = [];
        for (int i = 0; i < examples.Count; i++) _members[BucketOf(examples[i])].Add(i);
        _bucketCumulative = _members.Select(m => Cumulative(m.Select(i => _weights[i]).ToArray())).ToArray();
    }

    public IReadOnlyList<EncodedExample> Examples { get; }

    /// <summary>Row lengths T of the buckets, ascending; the last fits the longest example.</summary>
    public IReadOnlyList<int> Buckets { get; }

    public SeededRandom Random { get; }

    /// <summary>
    /// Probability that a training row leaves out each of its input's tokens (word dropout; validation and inference
    /// read every token). A small model sees a few thousand examples dozens of times and learns them by heart within a
    /// few epochs; rows that differ each time it sees them make it lean on more than a few words.
    /// </summary>
    public double InputDropout { get; init; }

    /// <summary>Tokens at the start of every prompt that are the template, not the input (never dropped).</summary>
    public int TemplateHead { get; init; }

    /// <summary>Tokens at the end of every prompt that are the template, not the input (never dropped).</summary>
    public int TemplateTail { get; init; }

    /// <summary>Tokens a row needs for an example: its prompt and its label's continuation but the last token.</summary>
    public int RowLength(EncodedExample example) => example.Prompt.Length + _continuations[example.Label].Length - 1;

    /// <summary>The shortest bucket an example fits.</summary>
    public int BucketOf(EncodedExample example)
    {
        int length = RowLength(example);
        for (int b = 0; b < Buckets.Count; b++)
            if (length <= Buckets[b]) return b;
        throw new WrenException($"an example of {length} tokens does not fit the longest bucket ({Buckets[^1]})");
    }

    /// <summary>Bucket lengths for examples up to <paramref name="longest"/> tokens: it, a half and a quarter of it (multiples of 16, at least 32).</summary>
    public static IReadOnlyList<int> BucketLengths(int longest)
    {
        var lengths = new SortedSet<int> { longest };
        foreach (int divisor in new[] { 2, 4 })
        {
            int length = (longest / divisor + 15) / 16 * 16;
            if (length >= 32 && length < longest) lengths.Add(length);
        }

        return [.. lengths];
    }

    /// <summary>Draws one batch of <paramref name="batch"/> rows; returns its bucket. The spans must hold batch x Buckets[bucket] ids.</summary>
    public int NextBatch(Func<int, (int[] Inputs, int[] Targets)> buffers, int batch)
    {
        int first = Draw(_cumulative);
        int bucket = BucketOf(Examples[first]);
        var (inputs, targets) = buffers(bucket);
        int time = Buckets[bucket];
        Fill(Dropped(Examples[first]), inputs.AsSpan(0, time), targets.AsSpan(0, time));
        for (int b = 1; b < batch; b++)
        {
            int i = _members[bucket][Draw(_bucketCumulative[bucket])];
            Fill(Dropped(Examples[i]), inputs.AsSpan(b * time, time), targets.AsSpan(b * time, time));
        }

        return bucket;
    }

    /// <summary>The example with each input token left out with probability <see cref="InputDropout"/> (the template kept whole).</summary>
    private EncodedExample Dropped(EncodedExample example)
    {
        if (InputDropout <= 0) return example;
        int[] prompt = example.Prompt;
        int end = prompt.Length - TemplateTail;
        var kept = new List<int>(prompt.Length);
        for (int t = 0; t < prompt.Length; t++)
        {
            if (t < TemplateHead || t >= end || Random.NextDouble() >= InputDropout) kept.Add(prompt[t]);
        }

        return example with { Prompt = [.. kept] };
    }

    /// <summary>
    /// Fills a batch with <paramref name="rows"/>[first, first + B) in order (rows past the end are padding with every
    /// target ignored); returns how many rows hold an example.
    /// </summary>
    public int FillInOrder(IReadOnlyList<EncodedExample> rows, int first, Span<int> inputs, Span<int> targets, int time)
    {
        int batch = inputs.Length / time, filled = 0;
        for (int b = 0; b < batch; b++)
        {
            var row = inputs.Slice(b * time, time);
            var rowTargets = targets.Slice(b * time, time);
            if (first + b < rows.Count)
            {
                Fill(rows[first + b], row, rowTargets);
                filled++;
            }
            else
            {
                row.Fill(_pad);
                rowTargets.Fill(-1);
            }
        }

        return filled;
    }

    /// <summary>One row: prompt, the label's continuation but its last token, padding; targets on the label's tokens.</summary>
    public void Fill(EncodedExample example, Span<int> inputs, Span<int> targets)
    {
        int[] prompt = example.Prompt, label = _continuations[example.Label];
        int length = prompt.Length + label.Length - 1;
        if (length > inputs.Length) throw new WrenException($"a prompt of {prompt.Length} tokens and a label of {label.Length} do not fit a row of {inputs.Length}");
        inputs.Fill(_pad);
        targets.Fill(-1);
        prompt.CopyTo(inputs);
        label.AsSpan(0, label.Length - 1).CopyTo(inputs[prompt.Length..]);
        // Position p predicts token p + 1: the prompt's last position predicts the label's first token.
        for (int t = 0; t < label.Length; t++) targets[prompt.Length - 1 + t] = label[t];
    }

    private int Draw(double[] cumulative)
    {
        double u = Random.NextDouble() * cumulative[^1];
        int i = Array.BinarySearch(cumulative, u);
        if (i < 0) i = ~i;
        return Math.Min(i, cumulative.Length - 1);
    }

    private static double[] Cumulative(double[] weights)
    {
        var cumulative = new double[weights.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++) cumulative[i] = sum += weights[i];
        return cumulative;
    }
}
