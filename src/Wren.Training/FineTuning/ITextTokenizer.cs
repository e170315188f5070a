namespace Wren.Training.FineTuning;

/// <summary>Text to token ids (special tokens such as &lt;|im_start|&gt; recognised), as the model's tokenizer encodes it.</summary>
public interface ITextTokenizer
{
    int[] Encode(string text);
}
