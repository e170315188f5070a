namespace Wren.Runtime.Tokenization;

/// <summary>Hugging Face's <c>Digits</c> pre-tokenizer: numeric characters isolated, one by one or as runs.</summary>
internal sealed class DigitsPreTokenizer : PreTokenizer
{
    public required bool IndividualDigits { get; init; }

    public override void Split(PieceList input, PieceList output, bool atTextStart)
    {
        char[] chars = input.Text.Chars;
        for (int p = 0; p < input.Count; p++)
        {
            int start = input.Start(p), end = input.End(p);
            int runStart = start;
            bool inDigits = false;
            for (int i = start; i < end; i++)
            {
                bool digit = char.IsNumber(chars[i]);
                if (digit && IndividualDigits)
                {
                    output.Add(runStart, i);
                    output.Add(i, i + 1);
                    runStart = i + 1;
                    inDigits = false;
                    continue;
                }
                if (i > runStart && digit != inDigits)
                {
                    output.Add(runStart, i);
                    runStart = i;
                }
                inDigits = digit;
            }
            output.Add(runStart, end);
        }
    }
}
