using System.Text;
using Wren.Runtime.Tokenization;

namespace Wren.Training.FineTuning;

/// <summary>
/// The runtime's <see cref="BpeTokenizer"/> as the fine-tuning data sees it: rendered chat text is encoded without
/// the post-processor's special tokens (the chat template writes any BOS itself, as transformers'
/// <c>apply_chat_template(tokenize=True)</c> does), and token-to-character offsets come from the bytes each token
/// decodes to, which for byte-level BPE concatenate to exactly the input.
/// </summary>
public sealed class BpeTextTokenizer(BpeTokenizer tokenizer) : ITextTokenizer
{
    public BpeTokenizer Tokenizer { get; } = tokenizer;

    public int[] Encode(string text) => Tokenizer.Encode(text, addSpecialTokens: false);

    public TokenOffsets? EncodeWithOffsets(string text)
    {
        int[] ids = Encode(text);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);

        // Character index of every byte (a byte inside a multi-byte character maps to that character).
        var charOfByte = new int[utf8.Length + 1];
        int b = 0;
        for (int c = 0; c < text.Length; c++)
        {
            int width = char.IsHighSurrogate(text[c]) && c + 1 < text.Length && char.IsLowSurrogate(text[c + 1])
                ? 4
                : Encoding.UTF8.GetByteCount(text.AsSpan(c, 1));
            for (int k = 0; k < width && b < utf8.Length; k++) charOfByte[b++] = c;
            if (width == 4) c++;
        }

        charOfByte[utf8.Length] = text.Length;
        var starts = new int[ids.Length];
        int position = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            var bytes = Tokenizer.TokenBytes(ids[i]);
            // A tokenizer that normalizes (SentencePiece's prefix space, lowercasing) does not decode to the input
            // byte for byte: no offsets then.
            if (position + bytes.Length > utf8.Length || !bytes.SequenceEqual(utf8.AsSpan(position, bytes.Length))) return null;
            starts[i] = charOfByte[position];
            position += bytes.Length;
        }

        return position == utf8.Length ? new TokenOffsets(ids, starts) : null;
    }
}
