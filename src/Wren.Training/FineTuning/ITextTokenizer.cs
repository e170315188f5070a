namespace Wren.Training.FineTuning;

/// <summary>Text to token ids (special tokens such as &lt;|im_start|&gt; recognised), as the model's tokenizer encodes it.</summary>
public interface ITextTokenizer
{
    int[] Encode(string text);

    /// <summary>
    /// Encodes the whole text and gives, per token, the index of the first character it covers, so that a rendered
    /// conversation is tokenized exactly as the model sees it at inference (segment boundaries never split a merge).
    /// Null when the tokenizer cannot map tokens back to characters; segments are then encoded one by one.
    /// </summary>
    TokenOffsets? EncodeWithOffsets(string text) => null;
}
