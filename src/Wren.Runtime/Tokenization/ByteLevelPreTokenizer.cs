namespace Wren.Runtime.Tokenization;

/// <summary>
/// Hugging Face's <c>ByteLevel</c> pre-tokenizer: optionally a space before each piece, optionally
/// the GPT-2 regex split. The byte mapping itself happens in <see cref="BpeModel"/>, which reads the
/// piece's UTF-8 bytes directly.
/// </summary>
internal sealed class ByteLevelPreTokenizer : PreTokenizer
{
    private readonly SplitPreTokenizer _split = new(SplitPattern.Gpt2, SplitBehavior.Isolated, invert: false);

    public required bool AddPrefixSpace { get; init; }

    public required bool UseRegex { get; init; }

    public override void Split(PieceList input, PieceList output, bool atTextStart)
    {
        PieceList source = input;
        if (AddPrefixSpace)
        {
            // Each piece not starting with a space gets one (copied to the end of the buffer).
            source = Scratch(input.Text);
            source.Clear();
            for (int p = 0; p < input.Count; p++)
            {
                ReadOnlySpan<char> piece = input[p];
                if (piece.Length > 0 && piece[0] != ' ')
                {
                    int start = input.Text.Length;
                    Span<char> dst = input.Text.Reserve(piece.Length + 1);
                    dst[0] = ' ';
                    input[p].CopyTo(dst[1..]);
                    source.Add(start, start + piece.Length + 1);
                }
                else
                {
                    source.Add(input.Start(p), input.End(p));
                }
            }
        }
        if (UseRegex)
        {
            _split.Split(source, output, atTextStart);
        }
        else
        {
            for (int p = 0; p < source.Count; p++)
            {
                output.Add(source.Start(p), source.End(p));
            }
        }
    }

    [ThreadStatic]
    private static PieceList? t_scratch;

    private static PieceList Scratch(TextBuffer text)
    {
        if (t_scratch is null || !ReferenceEquals(t_scratch.Text, text))
        {
            t_scratch = new PieceList(text);
        }
        return t_scratch;
    }
}
