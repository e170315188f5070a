using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Wren.Data.Documents;

/// <summary>
/// The common shape of a JSONL record, <c>{"id":"..","text":"..","source":"..","metadata":{..}}</c> in any order, read
/// without <see cref="Utf8JsonReader"/>'s per-byte walk through strings: a string is found with a vectorized search
/// for its quote, backslash or control bytes, unescaped a run at a time and checked as UTF-8 in one vectorized pass.
/// Anything else (another field, an id that is not a string, a <c>\u</c> surrogate escape, invalid input) returns
/// false, and <see cref="Document.Parse"/> reads the record with <see cref="Utf8JsonReader"/>, so results and errors
/// are that reader's.
/// </summary>
/// <remarks>
/// Text with newlines is escaped in JSON, and past its first backslash <see cref="Utf8JsonReader"/> validates a
/// string one byte at a time; curation parses every document two or three times, and that walk was its largest
/// parsing cost.
/// </remarks>
internal static class DocumentFastParser
{
    // What ends a run of plain string bytes: the closing quote, an escape, or a control character (invalid raw).
    private static readonly SearchValues<byte> StringSpecials = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    public static bool TryParse(ReadOnlySpan<byte> json, string where, out Document? document)
    {
        document = null;
        string? id = null, text = null, source = null;
        JsonObject? metadata = null;
        int pos = SkipWhitespace(json, 0);
        if (pos >= json.Length || json[pos] != (byte)'{')
        {
            return false;
        }
        pos = SkipWhitespace(json, pos + 1);
        if (pos < json.Length && json[pos] == (byte)'}')
        {
            return false; // no "text": the reader reports it
        }
        while (true)
        {
            if (pos >= json.Length || json[pos] != (byte)'"')
            {
                return false;
            }
            int keyEnd = json[(pos + 1)..].IndexOfAny(StringSpecials);
            if (keyEnd < 0 || json[pos + 1 + keyEnd] != (byte)'"')
            {
                return false; // an escaped or unterminated key
            }
            var key = json.Slice(pos + 1, keyEnd);
            pos = SkipWhitespace(json, pos + keyEnd + 2);
            if (pos >= json.Length || json[pos] != (byte)':')
            {
                return false;
            }
            pos = SkipWhitespace(json, pos + 1);
            if (key.SequenceEqual("text"u8))
            {
                if (!TryReadString(json, ref pos, out text))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("id"u8))
            {
                if (!TryReadString(json, ref pos, out id))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("source"u8))
            {
                if (!TryReadString(json, ref pos, out source))
                {
                    return false;
                }
            }
            else if (key.SequenceEqual("metadata"u8))
            {
                if (!TryReadObject(json, ref pos, out metadata))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
            pos = SkipWhitespace(json, pos);
            if (pos >= json.Length)
            {
                return false;
            }
            if (json[pos] == (byte)'}')
            {
                break;
            }
            if (json[pos] != (byte)',')
            {
                return false;
            }
            pos = SkipWhitespace(json, pos + 1);
        }
        if (SkipWhitespace(json, pos + 1) != json.Length || text is null)
        {
            return false;
        }
        document = new Document { Id = id ?? DocumentId.For(where, ""), Text = text, Source = source ?? where, Metadata = metadata ?? new JsonObject() };
        return true;
    }

    /// <summary>Reads the JSON string at <paramref name="pos"/> (its opening quote) and moves past its closing quote.</summary>
    internal static bool TryReadString(ReadOnlySpan<byte> json, ref int pos, out string? value)
    {
        value = null;
        if (pos >= json.Length || json[pos] != (byte)'"')
        {
            return false;
        }
        int start = pos + 1;
        int run = json[start..].IndexOfAny(StringSpecials);
        if (run < 0)
        {
            return false;
        }
        if (json[start + run] == (byte)'"')
        {
            // No escapes: the bytes are the string.
            var raw = json.Slice(start, run);
            if (!Utf8.IsValid(raw))
            {
                return false;
            }
            value = Encoding.UTF8.GetString(raw);
            pos = start + run + 1;
            return true;
        }
        // Unescaped, the string is no longer than it is escaped.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(json.Length - start);
        try
        {
            int length = 0;
            int i = start;
            while (true)
            {
                json.Slice(i, run).CopyTo(buffer.AsSpan(length));
                length += run;
                i += run;
                byte special = json[i];
                if (special == (byte)'"')
                {
                    i++;
                    break;
                }
                if (special != (byte)'\\' || i + 1 >= json.Length)
                {
                    return false; // a raw control character, or a backslash at the end
                }
                byte escaped = json[i + 1];
                i += 2;
                switch (escaped)
                {
                    case (byte)'"':
                    case (byte)'\\':
                    case (byte)'/':
                        buffer[length++] = escaped;
                        break;
                    case (byte)'b':
                        buffer[length++] = (byte)'\b';
                        break;
                    case (byte)'f':
                        buffer[length++] = (byte)'\f';
                        break;
                    case (byte)'n':
                        buffer[length++] = (byte)'\n';
                        break;
                    case (byte)'r':
                        buffer[length++] = (byte)'\r';
                        break;
                    case (byte)'t':
                        buffer[length++] = (byte)'\t';
                        break;
                    case (byte)'u':
                        if (i + 4 > json.Length || !TryParseHex4(json.Slice(i, 4), out int code) || char.IsSurrogate((char)code))
                        {
                            return false; // surrogates (pairs or lone) are left to the reader's rules
                        }
                        length += new Rune(code).EncodeToUtf8(buffer.AsSpan(length));
                        i += 4;
                        break;
                    default:
                        return false;
                }
                run = json[i..].IndexOfAny(StringSpecials);
                if (run < 0)
                {
                    return false;
                }
            }
            // Escapes produce whole, valid sequences, so checking the result checks the raw runs between them.
            var unescaped = buffer.AsSpan(0, length);
            if (!Utf8.IsValid(unescaped))
            {
                return false;
            }
            value = Encoding.UTF8.GetString(unescaped);
            pos = i;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the JSON object at <paramref name="pos"/> as a <see cref="JsonObject"/> and moves past it.</summary>
    private static bool TryReadObject(ReadOnlySpan<byte> json, ref int pos, out JsonObject? value)
    {
        value = null;
        if (pos >= json.Length || json[pos] != (byte)'{')
        {
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(json[pos..], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            reader.Read();
            reader.Skip();
            int length = (int)reader.BytesConsumed;
            value = (JsonObject)JsonNode.Parse(json.Slice(pos, length))!;
            pos += length;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryParseHex4(ReadOnlySpan<byte> hex, out int value)
    {
        value = 0;
        foreach (byte b in hex)
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }
            value = value * 16 + digit;
        }
        return true;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int pos)
    {
        while (pos < json.Length && json[pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            pos++;
        }
        return pos;
    }
}
