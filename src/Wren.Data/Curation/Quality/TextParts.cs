namespace Wren.Data.Curation.Quality;

/// <summary>
/// Lines or paragraphs of one text as (start, length), with a flag per part, in arrays that grow
/// and are reused from text to text (<see cref="RepetitionScratch"/>): the duplicate counts walk the
/// parts twice without allocating per text.
/// </summary>
internal sealed class TextParts
{
    private int[] _starts = new int[256];
    private int[] _lengths = new int[256];
    private int[] _shared = new int[256];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, Count);

    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, Count);

    /// <summary>Per part: non-zero when another part has the same length (filled by the caller).</summary>
    public Span<int> SharedLength => _shared.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(int start, int length)
    {
        if (Count == _starts.Length)
        {
            int size = _starts.Length * 2;
            Array.Resize(ref _starts, size);
            Array.Resize(ref _lengths, size);
            _shared = new int[size];
        }
        _starts[Count] = start;
        _lengths[Count] = length;
        Count++;
    }
}
