namespace Wren.Runtime.Tokenization;

/// <summary>Hugging Face's <c>Sequence</c> pre-tokenizer: each step splits the pieces of the one before.</summary>
internal sealed class SequencePreTokenizer : PreTokenizer
{
    [ThreadStatic]
    private static PieceList? t_a;

    [ThreadStatic]
    private static PieceList? t_b;

    public SequencePreTokenizer(IReadOnlyList<PreTokenizer> steps) => Steps = steps;

    public IReadOnlyList<PreTokenizer> Steps { get; }

    public override void Split(PieceList input, PieceList output, bool atTextStart)
    {
        if (Steps.Count == 0)
        {
            for (int p = 0; p < input.Count; p++)
            {
                output.Add(input.Start(p), input.End(p));
            }
            return;
        }
        if (t_a is null || !ReferenceEquals(t_a.Text, input.Text))
        {
            t_a = new PieceList(input.Text);
            t_b = new PieceList(input.Text);
        }
        PieceList current = input;
        for (int s = 0; s < Steps.Count; s++)
        {
            PieceList next = s == Steps.Count - 1 ? output : (s % 2 == 0 ? t_a : t_b!);
            if (!ReferenceEquals(next, output))
            {
                next.Clear();
            }
            Steps[s].Split(current, next, atTextStart);
            current = next;
        }
    }
}
