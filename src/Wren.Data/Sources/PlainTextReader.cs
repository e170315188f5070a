using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// Plain text (<c>.txt</c>, <c>.text</c>, <c>.log</c>, <c>.rst</c>) with encoding detection
/// (<see cref="TextEncodingDetector"/>). A file larger than <see cref="SourceOptions.MaxDocumentChars"/> is
/// decoded as a stream and cut into several documents at line breaks (location <c>part:N</c>), so a
/// multi-gigabyte log never sits in memory whole.
/// </summary>
internal sealed class PlainTextReader : IDocumentReader
{
    public string Format => "text";

    public bool CanRead(string fileName) =>
        fileName.EndsWith(".txt", StringComparison.Ordinal) || fileName.EndsWith(".text", StringComparison.Ordinal)
        || fileName.EndsWith(".log", StringComparison.Ordinal) || fileName.EndsWith(".rst", StringComparison.Ordinal);

    public async Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        int max = context.Options.MaxDocumentChars;
        if (file.Length >= 0 && file.Length <= max)
        {
            string text = (await ReadAllTextAsync(file, context, cancellationToken).ConfigureAwait(false)).TrimEnd();
            if (text.Length == 0)
            {
                throw new Wren.Runtime.WrenException("no text (only whitespace)");
            }
            await context.EmitAsync(Make(file, text, 0, null), Format, cancellationToken).ConfigureAwait(false);
            return;
        }
        int part = 0;
        foreach (string chunk in ReadChunks(file, max, context))
        {
            await context.EmitAsync(Make(file, chunk, part, part), Format, cancellationToken).ConfigureAwait(false);
            part++;
        }
    }

    /// <summary>
    /// Reads and decodes a whole (small) text input: used by the Markdown and HTML readers too. An input of
    /// more bytes than <see cref="SourceOptions.MaxDocumentChars"/> is refused before it is read; text that is
    /// not UTF-8 and was read in a legacy code page is reported as a warning naming its first bad line.
    /// </summary>
    public static async Task<string> ReadAllTextAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken)
    {
        long max = context.Options.MaxDocumentChars;
        if (file.Length > max)
        {
            throw new Wren.Runtime.WrenException($"{file.Length:N0} bytes, more than --max-document-chars ({max:N0}) allows for one document");
        }
        await using Stream stream = file.Open();
        string text;
        (long Offset, long Line, Encoding Encoding)? legacy;
        if (stream is MemoryStream ms && ms.TryGetBuffer(out ArraySegment<byte> segment))
        {
            text = TextEncodingDetector.Decode(segment.AsSpan((int)ms.Position), out legacy);
        }
        else
        {
            using var memory = new MemoryStream(file.Length > 0 ? (int)file.Length : 0);
            byte[] block = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(block, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (memory.Length + read > max)
                {
                    throw new Wren.Runtime.WrenException($"more than {max:N0} bytes, more than --max-document-chars allows for one document");
                }
                memory.Write(block, 0, read);
            }
            text = TextEncodingDetector.Decode(memory.GetBuffer().AsSpan(0, (int)memory.Length), out legacy);
        }
        if (legacy is var (offset, line, encoding))
        {
            context.ReportWarning($"{file.Name}:{line}", TextEncodingDetector.LegacyWarning(offset, encoding));
        }
        return text;
    }

    private Document Make(SourceFile file, string text, int part, int? partNumber)
    {
        var metadata = new JsonObject { ["format"] = Format };
        if (partNumber is int p)
        {
            metadata["part"] = p;
        }
        return new Document
        {
            Id = DocumentId.For(file.Name, part == 0 ? "" : $"part:{part}"),
            Text = text,
            Source = file.Name,
            Metadata = metadata,
        };
    }

    /// <summary>Streams a large file: first pass finds the encoding (UTF-8 validity needs every byte),
    /// second pass decodes and cuts at the last line break before each <paramref name="maxChars"/>.</summary>
    private static IEnumerable<string> ReadChunks(SourceFile file, int maxChars, ReadContext context)
    {
        Encoding encoding = TextEncodingDetector.DetectForStreaming(file, context, out int bom);
        using Stream stream = file.Open();
        stream.ReadExactly(new byte[bom]);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var buffer = new StringBuilder(maxChars);
        char[] block = new char[1 << 16];
        int read;
        while ((read = reader.Read(block, 0, block.Length)) > 0)
        {
            buffer.Append(block, 0, read);
            while (buffer.Length >= maxChars)
            {
                string all = buffer.ToString();
                int cut = all.LastIndexOf('\n', maxChars - 1);
                cut = cut <= 0 ? maxChars : cut + 1;
                yield return TextEncodingDetector.NormalizeNewlines(all[..cut]);
                buffer.Clear().Append(all, cut, all.Length - cut);
            }
        }
        if (buffer.Length > 0)
        {
            yield return TextEncodingDetector.NormalizeNewlines(buffer.ToString()).TrimEnd();
        }
    }

    /// <summary>Validates UTF-8 over a stream in blocks, carrying an incomplete sequence across block ends; returns
    /// where the first invalid byte is (offset and 1-based line), or null when every byte is valid.</summary>
}
