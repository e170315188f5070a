namespace Wren.Runtime.Tokenization;

/// <summary>Reusable list of (start, end, is-match) segments of one piece.</summary>
internal sealed class SegmentList
{
    public int[] Starts = new int[64];
    public int[] Ends = new int[64];
    public bool[] Matches = new bool[64];
    public int Count;

    public void Clear() => Count = 0;

    public void Add(int start, int end, bool isMatch)
    {
        if (Count == Starts.Length)
        {
            Array.Resize(ref Starts, Count * 2);
            Array.Resize(ref Ends, Count * 2);
            Array.Resize(ref Matches, Count * 2);
        }
        Starts[Count] = start;
        Ends[Count] = end;
        Matches[Count] = isMatch;
        Count++;
    }
}
