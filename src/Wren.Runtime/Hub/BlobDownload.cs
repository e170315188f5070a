using System.Buffers;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// Downloads one file into its <c>.incomplete</c> file and, once its size and hash match what the hub announced,
/// renames it into place (huggingface_hub's <c>http_get</c> and <c>_download_to_tmp_and_move</c> at
/// huggingface/huggingface_hub@ee0a4510). A connection that breaks mid-file is resumed with a <c>Range</c>
/// request up to five times in a row without progress, as <c>http_get</c> does. Unlike that version, which
/// deletes a partial file when the process dies, the <c>.incomplete</c> file is kept (under the blob's lock) and
/// the next pull resumes it: for a model of several GB that is the difference between a retry and starting over.
/// A server that answers a resume with 200 sends the whole file again (the part on disk is dropped); one that
/// answers 416 cannot serve that range, and the download starts over from byte 0 once.
/// </summary>
internal static class BlobDownload
{
    private const int BufferSize = 1 << 20;
    private const int MaxRetries = 5;

    /// <summary>Returns the bytes received over the network (zero when the file was already complete on disk).</summary>
    public static async Task<long> RunAsync(HubHttp http, BlobJob job, IProgressTask? progress, CancellationToken ct)
    {
        if (File.Exists(job.DestinationPath)) return 0;
        Directory.CreateDirectory(Path.GetDirectoryName(job.IncompletePath)!);
        using ContentHash? hash = ContentHash.For(job.Etag, job.Size);
        long received = 0;
        var file = new FileStream(job.IncompletePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.Asynchronous);
        try
        {
            long have = file.Length;
            if (have > job.Size)
            {
                file.SetLength(0);
                have = 0;
            }
            if (have > 0)
            {
                await HashPrefixAsync(file, have, hash, ct).ConfigureAwait(false);
                progress?.Increment(have);
            }
            file.Position = have;

            int retriesLeft = MaxRetries;
            bool restartedAfter416 = false;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                while (have < job.Size)
                {
                    HttpResponseMessage response;
                    try
                    {
                        response = await http.GetFileAsync(job.Url, job.SendToken, have, ct).ConfigureAwait(false);
                    }
                    catch (HubException e) when (e.Failure == HubFailure.Unreachable && retriesLeft > 0)
                    {
                        retriesLeft--;
                        await Task.Delay(http.Settings.RetryDelay, ct).ConfigureAwait(false);
                        continue;
                    }
                    using (response)
                    {
                        int status = (int)response.StatusCode;
                        if (status == 416 && have > 0 && !restartedAfter416)
                        {
                            // The server cannot serve the rest from where the part on disk ends: start over.
                            restartedAfter416 = true;
                            Truncate(file, hash, progress, ref have);
                            continue;
                        }
                        if (status is 408 or 429 && retriesLeft > 0)
                        {
                            retriesLeft--;
                            await Task.Delay(http.Settings.RetryDelay, ct).ConfigureAwait(false);
                            continue;
                        }
                        if (status >= 400) throw HubErrors.FromResponse(response, job.Request, http.Settings);
                        if (status == 200 && have > 0)
                        {
                            // The server ignored the Range header: the body is the whole file again.
                            Truncate(file, hash, progress, ref have);
                        }
                        else if (status == 206)
                        {
                            long? start = response.Content.Headers.ContentRange?.From;
                            if (start != have)
                            {
                                throw new HubException(HubFailure.BadResponse, $"{job.Describe()}: asked {job.Url.Host} for bytes from {have} on, it sent a part starting at {start?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unstated offset"}");
                            }
                        }
                        else if (status != 200)
                        {
                            throw new HubException(HubFailure.BadResponse, $"{job.Describe()}: {job.Url.Host} answered {status} {response.ReasonPhrase} to a download");
                        }

                        try
                        {
                            await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                            while (true)
                            {
                                int n = await ReadWithTimeoutAsync(body, buffer, http.Settings.DownloadTimeout, ct).ConfigureAwait(false);
                                if (n == 0) break;
                                if (have + n > job.Size)
                                {
                                    throw Refuse(job, file, $"the server sent more than the {job.Size:N0} bytes the hub announced");
                                }
                                await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                                hash?.Append(buffer.AsSpan(0, n));
                                have += n;
                                received += n;
                                progress?.Increment(n);
                                retriesLeft = MaxRetries;
                            }
                        }
                        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
                        {
                            if (retriesLeft-- <= 0)
                            {
                                throw new HubException(HubFailure.Unreachable, $"{job.Describe()}: the download from {job.Url.Host} kept breaking ({e.Message}); {have:N0} of {job.Size:N0} bytes are kept and the next pull resumes from there", e);
                            }
                            await file.FlushAsync(ct).ConfigureAwait(false);
                            await Task.Delay(http.Settings.RetryDelay, ct).ConfigureAwait(false);
                            continue;
                        }
                        if (have < job.Size && retriesLeft-- <= 0)
                        {
                            throw new HubException(HubFailure.Unreachable, $"{job.Describe()}: {job.Url.Host} keeps ending the download early; {have:N0} of {job.Size:N0} bytes are kept and the next pull resumes from there");
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (hash is not null && hash.Finish() is var actual && actual != hash.Expected)
            {
                throw Refuse(job, file, $"its {hash.Name} is {actual}, but the hub announced {hash.Expected}");
            }
            file.Flush(flushToDisk: true);
        }
        finally
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            File.Move(job.IncompletePath, job.DestinationPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(job.DestinationPath))
        {
            AtomicFile.TryDelete(job.IncompletePath);
        }
        return received;
    }

    /// <summary>Deletes what was downloaded (bytes that fail the check must not be resumed from) and says why.</summary>
    private static HubException Refuse(BlobJob job, FileStream file, string why)
    {
        file.SetLength(0);
        file.Dispose();
        AtomicFile.TryDelete(job.IncompletePath);
        return new HubException(HubFailure.IntegrityCheckFailed,
            $"{job.Describe()}: refused the download from {job.Url.Host}: {why}. Nothing of it was kept; pull again, and if this repeats the server or a proxy on the way corrupts the file");
    }

    private static void Truncate(FileStream file, ContentHash? hash, IProgressTask? progress, ref long have)
    {
        file.SetLength(0);
        file.Position = 0;
        hash?.Reset();
        progress?.Increment(-have);
        have = 0;
    }

    private static async Task HashPrefixAsync(FileStream file, long length, ContentHash? hash, CancellationToken ct)
    {
        if (hash is null) return;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            file.Position = 0;
            long left = length;
            while (left > 0)
            {
                int n = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct).ConfigureAwait(false);
                if (n == 0) throw new IOException($"{file.Name} shrank while being read");
                hash.Append(buffer.AsSpan(0, n));
                left -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One read that fails when no byte comes for <paramref name="timeout"/> (httpx's read timeout).</summary>
    private static async Task<int> ReadWithTimeoutAsync(Stream body, byte[] buffer, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            return await body.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new IOException($"no data for {timeout.TotalSeconds:0.#} s");
        }
    }
}
