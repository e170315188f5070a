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
    private byte[] _bytes = new byte[64];
    private char[] _chars = new char[64];
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
        int written = 0;
        if (_tokenizer.JoinWithSpaces && _any)
        {
            written += Feed(" "u8, written);
        }
        _any = true;
        written += Feed(_tokenizer.TokenBytes(id), written);
        return written == 0 ? "" : new string(_chars, 0, written);
    }

    /// <summary>Whatever is still pending, with invalid bytes replaced (call at the end of generation).</summary>
    public string Flush()
    {
        string s = Encoding.UTF8.GetString(_bytes, 0, _pendingCount);
        _pendingCount = 0;
        return s;
    }

    public void Reset()
    {
        _pendingCount = 0;
        _stripLeft = _tokenizer.StripLeadingSpaces;
        _any = false;
    }

    // Decodes pending + bytes into _chars at charOffset; keeps an incomplete trailing character pending.
    private int Feed(ReadOnlySpan<byte> bytes, int charOffset)
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
            return 0;
        }
        _stripLeft = 0;
        int total = _pendingCount + bytes.Length;
        if (_bytes.Length < total)
        {
            Array.Resize(ref _bytes, Math.Max(total, _bytes.Length * 2));
        }
        bytes.CopyTo(_bytes.AsSpan(_pendingCount));
        if (_chars.Length < charOffset + total)
        {
            Array.Resize(ref _chars, Math.Max(charOffset + total, _chars.Length * 2));
        }
        Utf8.ToUtf16(_bytes.AsSpan(0, total), _chars.AsSpan(charOffset), out int read, out int written, replaceInvalidSequences: true, isFinalBlock: false);
        _pendingCount = total - read;
        _bytes.AsSpan(read, _pendingCount).CopyTo(_bytes);
        return written;
    }
}
