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
    /// <summary>Characters of documents handed on but not yet taken by the consumer, past which a reader waits
    /// (one document may be larger): the document channel is bounded in count, this bounds it in size.</summary>
    private const long BufferedCharsLimit = 8L << 20;

    private readonly ChannelWriter<Document> _output;
    private readonly DocumentReaderRegistry _readers;
    private readonly FormatCounters _counters;
    private readonly ExpansionBudget _budget;
    private readonly object _bufferGate = new();
    private long _bufferedChars;
    private TaskCompletionSource? _drained;
    private int _depth;
    private long _inputExpanded;
    private long _inputSize;

    public ReadContext(SourceOptions options, DocumentReaderRegistry readers, FormatCounters counters, ExpansionBudget budget, ChannelWriter<Document> output)
    {
        Options = options;
        _readers = readers;
        _counters = counters;
        _budget = budget;
        _output = output;
    }

    public SourceOptions Options { get; }

    /// <summary>Bad inputs met so far, and warnings about inputs read with a caveat, in the order met.</summary>
    public List<IngestError> Errors { get; } = new();

    /// <summary>How many inputs enclose the one being read: 0 for a file on disk, 1 for an entry of an archive on disk.</summary>
    public int Depth => Math.Max(_depth - 1, 0);

    /// <summary>Inputs no reader knows (archive entries, attachments, files in folders).</summary>
    public List<string> Skipped { get; } = new();

    /// <summary>Whether some reader handles this file name.</summary>
    public bool CanRead(string fileName) => _readers.Find(fileName) is not null;

    /// <summary>Hands one document on; waits while the consumer is behind (this is what bounds memory).</summary>
    public async ValueTask EmitAsync(Document document, string format, CancellationToken cancellationToken)
    {
        if (document.Text.Contains('\0'))
        {
            // NUL is never text (a mislabelled charset, a stray byte in a mail body) and breaks tools downstream.
            document = document with { Text = document.Text.Replace("\0", "", StringComparison.Ordinal) };
        }
        if (document.Text.Length > Options.MaxDocumentChars)
        {
            throw new Wren.Runtime.WrenException($"a document of {document.Text.Length:N0} characters, more than --max-document-chars ({Options.MaxDocumentChars:N0})");
        }
        while (true)
        {
            Task drained;
            lock (_bufferGate)
            {
                if (_bufferedChars == 0 || _bufferedChars + document.Text.Length <= BufferedCharsLimit)
                {
                    _bufferedChars += document.Text.Length;
                    break;
                }
                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = _drained.Task;
            }
            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        _counters.AddDocument(format);
        await _output.WriteAsync(document, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The consumer took <paramref name="document"/> (one this context handed on): its size no longer counts.</summary>
    public void Consumed(Document document)
    {
        TaskCompletionSource? drained;
        lock (_bufferGate)
        {
            _bufferedChars -= document.Text.Length;
            drained = _drained;
            _drained = null;
        }
        drained?.TrySetResult();
    }

    /// <summary>Counts decompressed bytes of the current top-level input against its budget and the run's.</summary>
    /// <exception cref="ExpansionLimitException">A budget is spent.</exception>
    public void ChargeExpansion(long bytes)
    {
        _inputExpanded += bytes;
        // The ratio over the whole input, not only per entry: a nested bomb's every entry stays under the ratio
        // for its first megabyte, and thousands of entries make gigabytes.
        if (_inputSize > 0 && _inputExpanded > ExpansionLimitStream.RatioGrace && _inputExpanded > Options.MaxCompressionRatio * _inputSize)
        {
            throw new ExpansionLimitException(
                $"expands more than {Options.MaxCompressionRatio:0.#} times its size of {_inputSize:N0} bytes (over {_inputExpanded:N0} so far): a compression bomb? (--max-compression-ratio); the rest of it is skipped",
                stopsInput: true);
        }
        if (_inputExpanded > Options.MaxExpandedBytes)
        {
            throw new ExpansionLimitException($"expands to more than {Options.MaxExpandedBytes:N0} bytes (--max-expanded-bytes); the rest of it is skipped", stopsInput: true);
        }
        if (!_budget.TryCharge(bytes))
        {
            throw new ExpansionLimitException($"the inputs expand to more than {_budget.Limit:N0} bytes together (--max-total-expanded-bytes); the rest of this input is skipped", stopsInput: true);
        }
    }

    /// <summary>Refuses to open an archive nested deeper than <see cref="SourceOptions.MaxArchiveDepth"/>.</summary>
    public void CheckArchiveDepth()
    {
        if (Depth >= Options.MaxArchiveDepth)
        {
            throw new Wren.Runtime.WrenException($"an archive nested {Depth} levels deep in other archives; not opened (--max-archive-depth {Options.MaxArchiveDepth})");
        }
    }

    /// <summary>Records a warning: the input was read, with a caveat the user should know about.</summary>
    public void ReportWarning(string file, string message) => Errors.Add(IngestError.Warning(file, message));

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
        catch (ExpansionLimitException e)
        {
            // Listed once, at the innermost input that hit the limit; a spent budget also stops the archives around it.
            if (!e.Reported)
            {
                ReportError(name, format, e.Message);
                e.Reported = true;
            }
            if (e.StopsInput && _depth > 1)
            {
                throw;
            }
        }
        catch (InsufficientExecutionStackException)
        {
            ReportError(name, format, $"cannot read {format}: nested too deeply to read");
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
        if (_depth == 0)
        {
            _inputExpanded = 0;
            _inputSize = file.Length;
        }
        _depth++;
        try
        {
            if (Depth > Options.MaxArchiveDepth)
            {
                // Attachments of attachments: the archive readers stop earlier, this is the backstop for the rest.
                _counters.AddFile(reader.Format, 0);
                ReportError(file.Name, reader.Format, $"nested {Depth} levels deep in other inputs; not read (--max-archive-depth {Options.MaxArchiveDepth})");
                return true;
            }
            await ReadInputAsync(file.Name, reader.Format, file.Length, ct => reader.ReadAsync(file, this, ct), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _depth--;
        }
        return true;
    }
}
