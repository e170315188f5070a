namespace Wren.Runtime.Tokenization;

/// <summary>
/// Pre-tokenized text: ranges over a shared character buffer. Pre-tokenizers that only split add
/// ranges over the existing characters; those that rewrite text (Metaspace, a prefix space) append
/// the new characters to the buffer. Reused across calls, so steady-state encoding allocates nothing.
/// </summary>
internal sealed class PieceList
{
    private int[] _starts = new int[64];
    private int[] _ends = new int[64];

    public PieceList(TextBuffer text) => Text = text;

    public TextBuffer Text { get; }

    public int Count { get; private set; }

    public int Start(int i) => _starts[i];

    public int End(int i) => _ends[i];

    public ReadOnlySpan<char> this[int i] => Text.Chars.AsSpan(_starts[i], _ends[i] - _starts[i]);

    public void Clear() => Count = 0;

    /// <summary>Adds a non-empty range (empty pieces are dropped, as Hugging Face drops empty splits).</summary>
    public void Add(int start, int end)
    {
        if (end <= start)
        {
            return;
        }
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _ends, Count * 2);
        }
        _starts[Count] = start;
        _ends[Count] = end;
        Count++;
    }
}
