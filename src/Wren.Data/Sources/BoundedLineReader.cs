using System.Text;

namespace Wren.Data.Sources;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLine"/>, but never holds more than <c>maxChars</c> of one line:
/// a longer line is read to its end without being kept and reported as too long, so a file of one 5 GB
/// "line" costs a buffer, not 10 GB of string. Line ends are <c>\n</c>, <c>\r\n</c> or <c>\r</c>.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;

    /// <summary>The next line (null at the end of the input); <paramref name="tooLong"/> when it was longer
    /// than the limit and is returned empty.</summary>
    public string? ReadLine(out bool tooLong)
    {
        _line.Clear();
        tooLong = false;
        bool any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length == 0)
                {
                    return any ? Finish(tooLong) : null;
                }
            }
            any = true;
            int start = _position;
            while (_position < _length && _buffer[_position] is not ('\n' or '\r'))
            {
                _position++;
            }
            if (!tooLong)
            {
                int take = _position - start;
                if (_line.Length + take > maxChars)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(_buffer, start, take);
                }
            }
            if (_position < _length)
            {
                char end = _buffer[_position++];
                if (end == '\r')
                {
                    SkipLineFeed();
                }
                return Finish(tooLong);
            }
        }
    }

    private void SkipLineFeed()
    {
        if (_position == _length)
        {
            _length = reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
        }
        if (_position < _length && _buffer[_position] == '\n')
        {
            _position++;
        }
    }

    private string Finish(bool tooLong) => tooLong ? "" : _line.ToString();
}
