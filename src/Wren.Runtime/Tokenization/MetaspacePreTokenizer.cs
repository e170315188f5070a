namespace Wren.Runtime.Tokenization;

/// <summary>
/// SentencePiece's view of spaces as Hugging Face's <c>Metaspace</c> pre-tokenizer does it: spaces
/// become <c>▁</c>, a <c>▁</c> is prepended ("always", or "first" for the start of the input only),
/// and with <c>split</c> each piece starts at a <c>▁</c>.
/// </summary>
internal sealed class MetaspacePreTokenizer : PreTokenizer
{
    public required char Replacement { get; init; }

    /// <summary>"always", "first" or "never".</summary>
    public required string PrependScheme { get; init; }

    public required bool SplitOnReplacement { get; init; }

    public override void Split(PieceList input, PieceList output, bool atTextStart)
    {
        for (int p = 0; p < input.Count; p++)
        {
            ReadOnlySpan<char> piece = input[p];
            bool prepend = piece.Length > 0 && piece[0] != ' ' && piece[0] != Replacement
                && (PrependScheme == "always" || (PrependScheme == "first" && atTextStart && p == 0));
            int start = input.Text.Length;
            int length = piece.Length + (prepend ? 1 : 0);
            Span<char> dst = input.Text.Reserve(length);
            piece = input[p]; // the buffer may have moved
            int k = 0;
            if (prepend)
            {
                dst[k++] = Replacement;
            }
            foreach (char c in piece)
            {
                dst[k++] = c == ' ' ? Replacement : c;
            }
            if (!SplitOnReplacement)
            {
                output.Add(start, start + length);
                continue;
            }
            // MergedWithNext on the replacement: every piece begins at a ▁.
            int pieceStart = start;
            for (int i = start + 1; i < start + length; i++)
            {
                if (input.Text.Chars[i] == Replacement)
                {
                    output.Add(pieceStart, i);
                    pieceStart = i;
                }
            }
            output.Add(pieceStart, start + length);
        }
    }
}
