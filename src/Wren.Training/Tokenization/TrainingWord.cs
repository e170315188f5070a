namespace Wren.Training.Tokenization;

/// <summary>One distinct pre-token during training: its current symbols (token ids), merged in place.</summary>
internal sealed class TrainingWord
{
    private readonly int[] _symbols;

    public TrainingWord(int[] symbols)
    {
        _symbols = symbols;
        Length = symbols.Length;
    }

    public int Length { get; private set; }

    public ReadOnlySpan<int> Symbols => _symbols.AsSpan(0, Length);

    public static ulong Pair(int left, int right) => ((ulong)(uint)left << 32) | (uint)right;

    /// <summary>
    /// Replaces every (c1, c2) with <paramref name="replacement"/>, left to right, and records how
    /// the counts of neighbouring pairs change (-1 for a pair destroyed, +1 for one created),
    /// exactly as Hugging Face's <c>Word::merge</c>, so that incremental counts match its trainer.
    /// </summary>
    public void Merge(int c1, int c2, int replacement, List<(ulong Pair, int Delta)> changes)
    {
        int[] s = _symbols;
        int n = Length;
        for (int i = 0; i < n; i++)
        {
            if (s[i] != c1 || i + 1 >= n || s[i + 1] != c2)
            {
                continue;
            }
            int first = s[i], second = s[i + 1];
            if (i > 0)
            {
                changes.Add((Pair(s[i - 1], first), -1));
                changes.Add((Pair(s[i - 1], replacement), 1));
            }
            s[i] = replacement;
            Array.Copy(s, i + 2, s, i + 1, n - i - 2);
            n--;
            if (i < n - 1)
            {
                changes.Add((Pair(second, s[i + 1]), -1));
                changes.Add((Pair(replacement, s[i + 1]), 1));
            }
        }
        Length = n;
    }
}
