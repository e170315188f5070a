using System.Text;
using System.Text.Unicode;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// Turns ids into text one token at a time, for streaming generation: returns only complete UTF-8
/// characters and keeps the bytes of a character split across tokens (byte-level BPE splits
/// emoji and CJK characters that way) until the rest arrives.
/// </summary>
public sealed class StreamingTokenDecoder
{
    private readonly BpeTokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly byte[] _pending = new byte[8];
    private int _pendingCount;
    private int _stripLeft;
    private bool _any;

    internal StreamingTokenDecoder(BpeTokenizer tokenizer, bool skipSpecialTokens)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
        _stripLeft = tokenizer.StripLeadingSpaces;
    }

    /// <summary>Adds one token; returns the text it completes (often empty for a partial character).</summary>
    public string Append(int id)
    {
        if (_skipSpecialTokens && _tokenizer.IsSpecial(id))
        {
            return "";
        }
        var sb = new StringBuilder();
        if (_tokenizer.JoinWithSpaces && _any)
        {
            Feed(" "u8, sb);
        }
        _any = true;
        Feed(_tokenizer.TokenBytes(id), sb);
        return sb.ToString();
    }

    /// <summary>Whatever is still pending, with invalid bytes replaced (call at the end of generation).</summary>
    public string Flush()
    {
        string s = Encoding.UTF8.GetString(_pending, 0, _pendingCount);
        _pendingCount = 0;
        return s;
    }

    public void Reset()
    {
        _pendingCount = 0;
        _stripLeft = _tokenizer.StripLeadingSpaces;
        _any = false;
    }

    private void Feed(ReadOnlySpan<byte> bytes, StringBuilder sb)
    {
        while (_stripLeft > 0 && _pendingCount == 0 && bytes.Length > 0)
        {
            if (bytes[0] != (byte)' ')
            {
                _stripLeft = 0;
                break;
            }
            bytes = bytes[1..];
            _stripLeft--;
        }
        if (bytes.Length == 0)
        {
            return;
        }
        _stripLeft = 0;
        byte[] buffer = new byte[_pendingCount + bytes.Length];
        _pending.AsSpan(0, _pendingCount).CopyTo(buffer);
        bytes.CopyTo(buffer.AsSpan(_pendingCount));
        Span<char> chars = buffer.Length <= 256 ? stackalloc char[buffer.Length] : new char[buffer.Length];
        Utf8.ToUtf16(buffer, chars, out int read, out int written, replaceInvalidSequences: true, isFinalBlock: false);
        sb.Append(chars[..written]);
        _pendingCount = buffer.Length - read;
        buffer.AsSpan(read).CopyTo(_pending);
    }
}
