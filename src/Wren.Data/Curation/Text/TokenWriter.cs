using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wren.Data.Curation.Text;

/// <summary>
/// Appends tokens to a list through a span over its whole capacity: no per-token Add (version bump,
/// capacity check, call), and the block kernel writes up to 64 tokens at once. The list's Count is
/// set right by <see cref="Complete"/>.
/// </summary>
internal ref struct TokenWriter
{
    private readonly List<WordToken> _list;
    private Span<WordToken> _span;
    private int _count;

    public TokenWriter(List<WordToken> list)
    {
        _list = list;
        _count = list.Count;
        CollectionsMarshal.SetCount(list, list.Capacity);
        _span = CollectionsMarshal.AsSpan(list);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(WordToken token)
    {
        if ((uint)_count >= (uint)_span.Length)
        {
            Grow(1);
        }
        _span[_count++] = token;
    }

    /// <summary>Room for at least <paramref name="tokens"/> more tokens; write them there, then <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<WordToken> Reserve(int tokens)
    {
        if (_span.Length - _count < tokens)
        {
            Grow(tokens);
        }
        return _span[_count..];
    }

    public void Advance(int tokens) => _count += tokens;

    /// <summary>Sets the list's Count to the tokens written.</summary>
    public readonly void Complete() => CollectionsMarshal.SetCount(_list, _count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int tokens)
    {
        CollectionsMarshal.SetCount(_list, _count);
        _list.EnsureCapacity(_count + tokens);
        CollectionsMarshal.SetCount(_list, _list.Capacity);
        _span = CollectionsMarshal.AsSpan(_list);
    }
}
