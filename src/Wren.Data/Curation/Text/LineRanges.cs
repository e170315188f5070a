using System.Buffers;

namespace Wren.Data.Curation.Text;

/// <summary>
/// The lines of a text with Python's <c>str.splitlines()</c> semantics (no empty last line after a
/// final line break, none for ""), enumerated as (start, length) without allocating: the steps
/// that used to build a <c>List&lt;Range&gt;</c> per document walk this instead. Line breaks are
/// found with a vectorised <see cref="SearchValues{T}"/> search, so long lines cost a few
/// instructions per 16 characters.
/// </summary>
public ref struct LineRanges
{
    /// <summary>Everything <c>str.splitlines()</c> splits on (\r\n counts as one break).</summary>
    public static readonly SearchValues<char> Breaks = SearchValues.Create("\n\r\v\f\u001C\u001D\u001E\u0085\u2028\u2029");

    private readonly ReadOnlySpan<char> _text;
    private int _next;

    public LineRanges(ReadOnlySpan<char> text)
    {
        _text = text;
        _next = 0;
        Start = 0;
        Length = 0;
    }

    /// <summary>Where the current line starts.</summary>
    public int Start { get; private set; }

    /// <summary>Length of the current line, without its line break.</summary>
    public int Length { get; private set; }

    /// <summary>The current line.</summary>
    public readonly ReadOnlySpan<char> Current => _text.Slice(Start, Length);

    public readonly LineRanges GetEnumerator() => this;

    /// <summary>Moves to the next line; false after the last one.</summary>
    public bool MoveNext()
    {
        if (_next >= _text.Length)
        {
            return false;
        }
        int at = _text[_next..].IndexOfAny(Breaks);
        Start = _next;
        if (at < 0)
        {
            Length = _text.Length - _next;
            _next = _text.Length;
            return true;
        }
        Length = at;
        int end = _next + at;
        _next = end + (_text[end] == '\r' && end + 1 < _text.Length && _text[end + 1] == '\n' ? 2 : 1);
        return true;
    }

    /// <summary>Number of lines <c>str.splitlines()</c> gives for <paramref name="text"/>.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        int count = 0;
        var lines = new LineRanges(text);
        while (lines.MoveNext())
        {
            count++;
        }
        return count;
    }
}
