namespace Wren.Runtime.Diagnostics;

/// <summary>
/// Writes a file so that a crash never leaves half of it: the content goes to a temporary file in
/// the same folder, which is renamed over the target only when complete.
/// </summary>
public static class AtomicFile
{
    /// <summary>A temporary path beside <paramref name="path"/> (same folder, so the rename is atomic), named with
    /// its writer (<see cref="LeftoverFiles.OwnerTag"/>) so a later run can tell a dead writer's leftover.</summary>
    public static string TempPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + LeftoverFiles.OwnerTag + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
    }

    /// <summary>Moves a completed temporary file over <paramref name="path"/>.</summary>
    public static void Commit(string tempPath, string path) => File.Move(tempPath, path, overwrite: true);

    public static void WriteAllText(string path, string contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = TempPathFor(path);
        try
        {
            File.WriteAllText(tmp, contents);
            Commit(tmp, path);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = TempPathFor(path);
        try
        {
            File.WriteAllBytes(tmp, contents);
            Commit(tmp, path);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Writes through a stream callback; the target appears only if the callback completes.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            Commit(tmp, path);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Deletes a file if it can; never throws (for cleaning up after a failure).</summary>
    public static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
