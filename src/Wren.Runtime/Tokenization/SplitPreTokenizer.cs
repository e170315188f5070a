namespace Wren.Runtime.Tokenization;

/// <summary>Hugging Face's <c>Split</c> pre-tokenizer: a pattern, a delimiter behavior, and <c>invert</c>.</summary>
internal sealed class SplitPreTokenizer : PreTokenizer
{
    [ThreadStatic]
    private static SegmentList? t_segments;

    public SplitPreTokenizer(SplitPattern pattern, SplitBehavior behavior, bool invert)
    {
        Pattern = pattern;
        Behavior = behavior;
        Invert = invert;
    }

    public SplitPattern Pattern { get; }

    public SplitBehavior Behavior { get; }

    public bool Invert { get; }

    public override void Split(PieceList input, PieceList output, bool atTextStart)
    {
        SegmentList seg = t_segments ??= new SegmentList();
        for (int p = 0; p < input.Count; p++)
        {
            int baseOffset = input.Start(p);
            seg.Clear();
            Pattern.FindSegments(input[p], seg);
            if (Invert)
            {
                for (int i = 0; i < seg.Count; i++)
                {
                    seg.Matches[i] = !seg.Matches[i];
                }
            }
            Emit(seg, baseOffset, output);
        }
    }

    private void Emit(SegmentList seg, int offset, PieceList output)
    {
        int n = seg.Count;
        switch (Behavior)
        {
            case SplitBehavior.Isolated:
                for (int i = 0; i < n; i++)
                {
                    output.Add(offset + seg.Starts[i], offset + seg.Ends[i]);
                }
                break;
            case SplitBehavior.Removed:
                for (int i = 0; i < n; i++)
                {
                    if (!seg.Matches[i])
                    {
                        output.Add(offset + seg.Starts[i], offset + seg.Ends[i]);
                    }
                }
                break;
            case SplitBehavior.MergedWithPrevious:
            {
                // A delimiter joins the piece before it (unless that piece was itself a delimiter).
                int lastStart = -1, lastEnd = -1;
                bool previousMatch = false;
                for (int i = 0; i < n; i++)
                {
                    if (seg.Matches[i] && !previousMatch && lastStart >= 0)
                    {
                        lastEnd = seg.Ends[i];
                    }
                    else
                    {
                        if (lastStart >= 0)
                        {
                            output.Add(offset + lastStart, offset + lastEnd);
                        }
                        lastStart = seg.Starts[i];
                        lastEnd = seg.Ends[i];
                    }
                    previousMatch = seg.Matches[i];
                }
                if (lastStart >= 0)
                {
                    output.Add(offset + lastStart, offset + lastEnd);
                }
                break;
            }
            case SplitBehavior.MergedWithNext:
            {
                // Mirror image of MergedWithPrevious, walked from the end as Hugging Face does.
                int firstStart = -1, firstEnd = -1;
                bool previousMatch = false;
                Span<(int, int)> stackBuffer = n <= 64 ? stackalloc (int, int)[n] : new (int, int)[n];
                int count = 0;
                for (int i = n - 1; i >= 0; i--)
                {
                    if (seg.Matches[i] && !previousMatch && firstStart >= 0)
                    {
                        firstStart = seg.Starts[i];
                        stackBuffer[count - 1] = (firstStart, firstEnd);
                    }
                    else
                    {
                        firstStart = seg.Starts[i];
                        firstEnd = seg.Ends[i];
                        stackBuffer[count++] = (firstStart, firstEnd);
                    }
                    previousMatch = seg.Matches[i];
                }
                for (int i = count - 1; i >= 0; i--)
                {
                    output.Add(offset + stackBuffer[i].Item1, offset + stackBuffer[i].Item2);
                }
                break;
            }
            case SplitBehavior.Contiguous:
            {
                int lastStart = -1, lastEnd = -1;
                bool previousMatch = false;
                for (int i = 0; i < n; i++)
                {
                    if (seg.Matches[i] == previousMatch && lastStart >= 0)
                    {
                        lastEnd = seg.Ends[i];
                    }
                    else
                    {
                        if (lastStart >= 0)
                        {
                            output.Add(offset + lastStart, offset + lastEnd);
                        }
                        lastStart = seg.Starts[i];
                        lastEnd = seg.Ends[i];
                    }
                    previousMatch = seg.Matches[i];
                }
                if (lastStart >= 0)
                {
                    output.Add(offset + lastStart, offset + lastEnd);
                }
                break;
            }
        }
    }
}
