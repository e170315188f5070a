namespace Wren.Runtime.Tokenization;

/// <summary>A growable character buffer that pieces point into by offset (offsets survive growth).</summary>
internal sealed class TextBuffer
{
    public char[] Chars = new char[1024];

    public int Length;

    public void Clear() => Length = 0;

    /// <summary>Appends <paramref name="text"/> and returns where it starts.</summary>
    public int Append(ReadOnlySpan<char> text)
    {
        int start = Length;
        Span<char> dst = Reserve(text.Length);
        text.CopyTo(dst);
        return start;
    }

    /// <summary>Makes room for <paramref name="count"/> characters at the end and returns them.</summary>
    public Span<char> Reserve(int count)
    {
        if (Length + count > Chars.Length)
        {
            Array.Resize(ref Chars, Math.Max(Chars.Length * 2, Length + count));
        }
        Span<char> span = Chars.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
