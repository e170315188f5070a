namespace Wren.Runtime.Tokenization;

/// <summary>
/// One step of Hugging Face's pre-tokenization: splits every piece of <c>input</c> into
/// <c>output</c>. Called once per piece of text, never per token.
/// </summary>
internal abstract class PreTokenizer
{
    /// <param name="atTextStart">Whether the first piece begins the whole input (Metaspace's "first" scheme needs it).</param>
    public abstract void Split(PieceList input, PieceList output, bool atTextStart);
}
