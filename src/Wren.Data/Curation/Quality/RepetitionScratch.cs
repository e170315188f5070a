using Wren.Data.Curation.Text;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// Per-thread working arrays of <see cref="GopherRepetitionStep"/>: word hashes and lengths, the
/// n-gram hash at each position, the candidate positions and their table slots, and the counting
/// table. Grown to the largest document seen on the thread and reused, so a document costs no
/// allocation.
/// </summary>
internal sealed class RepetitionScratch
{
    [ThreadStatic]
    private static RepetitionScratch? _forThread;

    public static RepetitionScratch ForThread => _forThread ??= new RepetitionScratch();

    public ulong[] WordHash { get; private set; } = [];

    public int[] WordLength { get; private set; } = [];

    public ulong[] Gram { get; private set; } = [];

    public int[] Candidates { get; private set; } = [];

    public int[] Slots { get; private set; } = [];

    public SlotCounter Counter { get; } = new();

    /// <summary>Makes every array hold at least <paramref name="words"/> entries.</summary>
    public void Ensure(int words)
    {
        if (WordHash.Length >= words)
        {
            return;
        }
        int size = (int)Math.Min(Array.MaxLength, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(words, 1024)));
        WordHash = new ulong[size];
        WordLength = new int[size];
        Gram = new ulong[size];
        Candidates = new int[size];
        Slots = new int[size];
    }
}
