using System.Threading.Channels;
using Wren.Data.Documents;
using Wren.Runtime;

namespace Wren.Data.Sources;

/// <summary>
/// What a reader sees while it reads one top-level input: the options, a way to hand over documents,
/// a way to read nested inputs (archive entries, attachments) through the same dispatch, and the
/// error list of this input. One context per top-level input, used by one worker at a time.
/// </summary>
internal sealed class ReadContext
{
    private readonly ChannelWriter<Document> _output;
    private readonly DocumentReaderRegistry _readers;
    private readonly FormatCounters _counters;

    public ReadContext(SourceOptions options, DocumentReaderRegistry readers, FormatCounters counters, ChannelWriter<Document> output)
    {
        Options = options;
        _readers = readers;
        _counters = counters;
        _output = output;
    }

    public SourceOptions Options { get; }

    /// <summary>Bad inputs met so far, in the order met.</summary>
    public List<IngestError> Errors { get; } = new();

    /// <summary>Inputs no reader knows (archive entries, attachments, files in folders).</summary>
    public List<string> Skipped { get; } = new();

    /// <summary>Whether some reader handles this file name.</summary>
    public bool CanRead(string fileName) => _readers.Find(fileName) is not null;

    /// <summary>Hands one document on; waits while the consumer is behind (this is what bounds memory).</summary>
    public ValueTask EmitAsync(Document document, string format, CancellationToken cancellationToken)
    {
        if (document.Text.Contains('\0'))
        {
            // NUL is never text (a mislabelled charset, a stray byte in a mail body) and breaks tools downstream.
            document = document with { Text = document.Text.Replace("\0", "", StringComparison.Ordinal) };
        }
        _counters.AddDocument(format);
        return _output.WriteAsync(document, cancellationToken);
    }

    public void AddBytes(string format, long bytes) => _counters.AddBytes(format, bytes);

    public void ReportError(string file, string format, string reason)
    {
        _counters.AddError(format);
        Errors.Add(new IngestError(file, reason));
    }

    /// <summary>
    /// Counts one input under <paramref name="format"/> and runs <paramref name="read"/>; any failure other than
    /// cancellation is recorded as an error of that input (and the call returns normally).
    /// </summary>
    public async Task ReadInputAsync(string name, string format, long bytes, Func<CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        _counters.AddFile(format, bytes);
        try
        {
            await read(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ChannelClosedException)
        {
            throw;
        }
        catch (WrenException e)
        {
            ReportError(name, format, e.Message);
        }
        catch (Exception e)
        {
            // Format libraries throw many kinds of exceptions on malformed input; all of them mean "this
            // input is bad", so they are reported the same way with the library's own words.
            ReportError(name, format, $"cannot read {format}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Reads one input with the reader its name selects. A bad input is recorded and the call returns
    /// normally, so that an archive or mailbox goes on with its next entry. Returns false when no reader
    /// knows the format (recorded as an error when <paramref name="mustRead"/>, else as skipped).
    /// </summary>
    public async Task<bool> ReadAsync(SourceFile file, bool mustRead, CancellationToken cancellationToken)
    {
        IDocumentReader? reader = _readers.Find(file.FileName);
        if (reader is null)
        {
            if (mustRead)
            {
                ReportError(file.Name, "unknown", $"unsupported format '{Path.GetExtension(file.FileName)}' (supported: {_readers.Describe()})");
            }
            else
            {
                Skipped.Add(file.Name);
            }
            return false;
        }
        if (file.Length == 0)
        {
            _counters.AddFile(reader.Format, 0);
            ReportError(file.Name, reader.Format, "empty file (0 bytes)");
            return true;
        }
        await ReadInputAsync(file.Name, reader.Format, file.Length, ct => reader.ReadAsync(file, this, ct), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
