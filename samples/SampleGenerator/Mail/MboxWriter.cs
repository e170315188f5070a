namespace Wren.Samples.Generator.Mail;

/// <summary>
/// Writes messages in the mboxrd flavour of mbox: each message starts with a "From " envelope line,
/// and any body line matching <c>^&gt;*From </c> gets one more '&gt;' so that a reader can undo it exactly.
/// </summary>
public sealed class MboxWriter : IDisposable
{
    private readonly Stream _stream;
    private bool _first = true;

    public MboxWriter(Stream stream) => _stream = stream;

    public int EscapedLines { get; private set; }

    public void Add(string envelope, byte[] message)
    {
        if (!envelope.StartsWith("From ", StringComparison.Ordinal))
        {
            throw new ArgumentException($"not an mbox envelope line: {envelope}", nameof(envelope));
        }

        if (!_first)
        {
            // mbox messages are separated by an empty line before the next envelope.
            _stream.WriteByte((byte)'\n');
        }

        _first = false;
        _stream.Write(System.Text.Encoding.Latin1.GetBytes(envelope + "\n"));
        int start = 0;
        while (start < message.Length)
        {
            int end = Array.IndexOf(message, (byte)'\n', start);
            int lineEnd = end < 0 ? message.Length : end + 1;
            int quotes = start;
            while (quotes < lineEnd && message[quotes] == '>')
            {
                quotes++;
            }

            if (message.AsSpan(quotes, lineEnd - quotes).StartsWith("From "u8))
            {
                _stream.WriteByte((byte)'>');
                EscapedLines++;
            }

            _stream.Write(message, start, lineEnd - start);
            start = lineEnd;
        }

        if (message.Length > 0 && message[^1] != '\n')
        {
            _stream.WriteByte((byte)'\n');
        }
    }

    public void Dispose() => _stream.Flush();
}
