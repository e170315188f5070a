using Wren.Training.Model;
using Wren.Training.Trainer;

namespace Wren.Training.FineTuning;

/// <summary>
/// Packs tokenized conversations into rows of T + 1 tokens (short examples share a row, in order; an example
/// longer than a row is cut), so batches carry little padding. Row position t's target is token t + 1 when that
/// token is trainable (assistant text), else -100 (ignored); padding is never scored. Training batches draw rows
/// at random; the last <c>validationFraction</c> of the examples (from 20 examples on) form fixed validation rows, all of which are scored.
/// </summary>
public sealed class PackedSftBatchSource : IBatchSource
{
    public const int IgnoreIndex = -100;

    private readonly List<(int[] Inputs, int[] Targets)> _train;
    private readonly List<(int[] Inputs, int[] Targets)> _validation;
    private readonly int _padId;

    public PackedSftBatchSource(IReadOnlyList<SftExample> examples, int time, int padId, ulong seed, double validationFraction = 0.05)
    {
        Time = time;
        _padId = padId;
        int valCount = examples.Count >= 20 ? Math.Max(1, (int)(examples.Count * validationFraction)) : 0;
        _train = Pack(examples.Take(examples.Count - valCount), time, padId);
        _validation = Pack(examples.Skip(examples.Count - valCount), time, padId);
        if (_train.Count == 0) throw new Wren.Runtime.WrenException("no training examples with assistant tokens to learn from");
        Random = new SeededRandom(seed);
    }

    public int Time { get; }

    public SeededRandom Random { get; }

    public int TrainingRows => _train.Count;

    public int ValidationRows => _validation.Count;

    /// <summary>Packs examples into rows: inputs [T] and targets [T] per row.</summary>
    public static List<(int[] Inputs, int[] Targets)> Pack(IEnumerable<SftExample> examples, int time, int padId)
    {
        var rows = new List<(int[], int[])>();
        var tokens = new List<int>(time + 1);
        var trainable = new List<bool>(time + 1);
        void Flush()
        {
            if (tokens.Count < 2) { tokens.Clear(); trainable.Clear(); return; }
            var inputs = new int[time];
            var targets = new int[time];
            Array.Fill(inputs, padId);
            Array.Fill(targets, IgnoreIndex);
            bool any = false;
            for (int t = 0; t + 1 < tokens.Count; t++)
            {
                inputs[t] = tokens[t];
                if (trainable[t + 1]) { targets[t] = tokens[t + 1]; any = true; }
            }

            if (any) rows.Add((inputs, targets));
            tokens.Clear();
            trainable.Clear();
        }

        foreach (var e in examples)
        {
            int length = Math.Min(e.Tokens.Length, time + 1);
            if (tokens.Count + length > time + 1) Flush();
            for (int i = 0; i < length; i++)
            {
                tokens.Add(e.Tokens[i]);
                // The first token of a packed example is never a target of the previous example's last token.
                trainable.Add(i > 0 && e.Trainable[i]);
            }
        }

        Flush();
        return rows;
    }

    public void NextTrainingBatch(Span<int> inputs, Span<int> targets, int time)
    {
        int batch = inputs.Length / time;
        for (int b = 0; b < batch; b++)
        {
            var (i, t) = _train[(int)Random.NextInt64(_train.Count)];
            i.CopyTo(inputs.Slice(b * time, time));
            t.CopyTo(targets.Slice(b * time, time));
        }
    }

    /// <summary>Every validation row is scored: the last batch is topped up with rows that have no targets.</summary>
    public int ValidationBatchCount(int batch, int time) => (_validation.Count + batch - 1) / batch;

    public void ValidationBatch(int index, Span<int> inputs, Span<int> targets, int time)
    {
        int batch = inputs.Length / time;
        for (int b = 0; b < batch; b++)
        {
            int row = index * batch + b;
            if (row >= _validation.Count)
            {
                inputs.Slice(b * time, time).Fill(_padId);
                targets.Slice(b * time, time).Fill(IgnoreIndex);
                continue;
            }

            var (i, t) = _validation[row];
            i.CopyTo(inputs.Slice(b * time, time));
            t.CopyTo(targets.Slice(b * time, time));
        }
    }
}
