using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Generation;

/// <summary>
/// Token ids in, text out for one generated sequence: complete UTF-8 characters only (bytes of a character
/// split across tokens wait for the rest, through <see cref="StreamingTokenDecoder"/>), with stop strings
/// held back while a partial match is possible (<see cref="StopStringMatcher"/>). Special tokens are skipped.
/// </summary>
public sealed class TextStreamDecoder
{
    private readonly StreamingTokenDecoder _decoder;
    private readonly StopStringMatcher _stops;

    public TextStreamDecoder(BpeTokenizer tokenizer, IEnumerable<string>? stopStrings = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _decoder = tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
        _stops = new StopStringMatcher(stopStrings);
    }

    /// <summary>True once a stop string appeared; generation should end.</summary>
    public bool Stopped => _stops.Stopped;

    /// <summary>Adds a token; returns the text that can be shown now (often empty).</summary>
    public string Append(int tokenId) => _stops.Append(_decoder.Append(tokenId));

    /// <summary>The rest at the end of generation: held text and any incomplete bytes (replaced).</summary>
    public string Flush()
    {
        string tail = _stops.Append(_decoder.Flush());
        return tail + _stops.Flush();
    }
}
