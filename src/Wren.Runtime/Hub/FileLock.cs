namespace Wren.Runtime.Hub;

/// <summary>
/// An exclusive lock on a file, held while one blob downloads so that two pulls of the same file (two processes,
/// or two paths of one repository with the same bytes) do not write it at once; huggingface_hub's
/// <c>WeakFileLock</c> on <c>.locks/models--ORG--NAME/ETAG.lock</c>. .NET takes an advisory <c>flock</c> for
/// <see cref="FileShare.None"/> on Unix, so Python's filelock and this exclude each other.
/// </summary>
internal static class FileLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task<FileStream> AcquireAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(Poll, ct).ConfigureAwait(false);
            }
        }
    }
}
