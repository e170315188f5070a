using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Per-thread working arrays of <see cref="GopherRepetitionStep"/>: each position's n-gram name (its
/// first position), the level at which each position last repeated and at which each n-gram was last
/// marked by the duplicate scan, the positions still counted, and the counting table. Grown to the
/// largest document seen on the thread and reused, so a document costs no allocation.
/// </summary>
internal sealed class RepetitionScratch
{
    [ThreadStatic]
    private static RepetitionScratch? _forThread;

    public static RepetitionScratch ForThread => _forThread ??= new RepetitionScratch();

    /// <summary>Per position: the word's hash.</summary>
    public ulong[] WordHash { get; private set; } = [];

    /// <summary>Per position (one spare): the first position of the n-gram there.</summary>
    public int[] Id { get; private set; } = [];

    /// <summary>Per position (one spare): the last level n at which the n-gram there occurs more than once.</summary>
    public int[] Repeats { get; private set; } = [];

    /// <summary>Per first position: the last level n at which the duplicate scan put that n-gram in its set.</summary>
    public int[] Marks { get; private set; } = [];

    /// <summary>The positions counted at the current level, ascending.</summary>
    public int[] Live { get; private set; } = [];

    public OccurrenceTable Table { get; } = new();

    /// <summary>The lines, then the paragraphs, of the current text.</summary>
    public TextParts Parts { get; } = new();

    /// <summary>Makes every array hold at least <paramref name="words"/> entries (and one more where a position's successor is read).</summary>
    public void Ensure(int words)
    {
        if (Live.Length >= words)
        {
            return;
        }
        int size = (int)Math.Min(Array.MaxLength - 1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(words, 1024)));
        WordHash = new ulong[size];
        Id = new int[size + 1];
        Repeats = new int[size + 1];
        Marks = new int[size];
        Live = new int[size];
    }
}
