using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Curation.Language;

/// <summary>
/// A binary copy of a built <see cref="LinguaNgramTable"/> on disk, so that only the first process
/// pays for decompressing and parsing Lingua's JSON models (0.4-0.8 CPU-seconds for the default
/// languages); later ones read the flat arrays in one go (milliseconds).
/// </summary>
/// <remarks>
/// <para>The file name is a hash of what the table is made from: this layout's version, the
/// languages in order (their order is the column order) and the bytes of every model file read
/// (a missing file counts as missing). So a new Lingua release, another language set or another
/// order gives another file, and every program that ships the same models (CLI, tests, bench)
/// shares one. The same text is also stored in the header and compared, so a hash collision
/// cannot hand over the wrong table.</para>
/// <para>Layout (little-endian): <c>"WRENLNGT"</c>, version, languages, stride, slots, log count,
/// key-text length (int32 each), the key text (UTF-8, padded to 8 bytes), keys
/// (<c>ulong[slots]</c>), row offsets (<c>int[slots]</c>, padded to 8), log-probabilities
/// (<c>double[log count]</c>), then XxHash3 of all the bytes before it. A file that is short,
/// long, for other models, fails the checksum or holds offsets outside the rows is ignored and
/// rebuilt, never trusted.</para>
/// <para>Writers write a temporary file beside the target and rename it over the target
/// (as <see cref="AtomicFile"/> does): a reader sees a whole old file or a whole new one, and processes
/// that build the same table at the same time (Slurm tasks starting together) just replace one
/// identical file with another. Failing to write (read-only or full disk) only costs the next
/// process the build.</para>
/// </remarks>
internal static class LinguaNgramTableCache
{
    /// <summary>Bump when the layout or anything the table's values depend on (the build) changes.</summary>
    private const int FormatVersion = 1;
    private const int HeaderBytes = 32;
    private const int MaxSlots = 1 << 28;
    private static ReadOnlySpan<byte> Magic => "WRENLNGT"u8;

    /// <summary>How long a table nobody reads stays.</summary>
    internal static readonly TimeSpan UnusedTableLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// Where Wren keeps caches: <c>$WREN_CACHE</c> when set (empty or <c>off</c>: no cache), else
    /// <c>$XDG_CACHE_HOME/wren</c>, else <c>~/.cache/wren</c> (on Windows, the local application
    /// data folder); <c>null</c> when none can be named. The tables go in its <c>lingua</c> folder.
    /// </summary>
    public static string? DefaultDirectory() => DirectoryFrom(
        Environment.GetEnvironmentVariable("WREN_CACHE"),
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
        OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData) : null,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary><see cref="DefaultDirectory"/> from the variables' values (<paramref name="windowsLocal"/>: null off Windows).</summary>
    internal static string? DirectoryFrom(string? wrenCache, string? xdgCacheHome, string? windowsLocal, string home)
    {
        if (wrenCache is not null)
        {
            return wrenCache.Length == 0 || wrenCache.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : Path.Combine(wrenCache, "lingua");
        }
        // The XDG base-directory spec: a relative value is invalid and ignored.
        if (!string.IsNullOrEmpty(xdgCacheHome) && Path.IsPathRooted(xdgCacheHome))
        {
            return Path.Combine(xdgCacheHome, "wren", "lingua");
        }
        if (windowsLocal is not null)
        {
            return windowsLocal.Length == 0 ? null : Path.Combine(windowsLocal, "wren", "cache", "lingua");
        }
        return home.Length == 0 ? null : Path.Combine(home, ".cache", "wren", "lingua");
    }

    /// <summary>What the table is made from, as text: layout version, languages, and each model file's length and hash.</summary>
    public static string KeyText(IReadOnlyList<Lingua.Language> languages, string modelsDirectory)
    {
        var key = new StringBuilder("wren-lingua-ngrams v").Append(FormatVersion).Append('\n');
        foreach (var language in languages)
        {
            key.Append(LinguaLanguages.Code(language));
            for (int n = 1; n <= 3; n++)
            {
                string path = LinguaNgramTable.ModelPath(modelsDirectory, language, n);
                key.Append(' ');
                if (File.Exists(path))
                {
                    byte[] bytes = File.ReadAllBytes(path);
                    key.Append(bytes.Length).Append(':').Append(XxHash3.HashToUInt64(bytes).ToString("x16"));
                }
                else
                {
                    key.Append('-');
                }
            }
            key.Append('\n');
        }
        return key.ToString();
    }

    /// <summary>The cache file for a key text.</summary>
    public static string PathFor(string cacheDirectory, string keyText) =>
        Path.Combine(cacheDirectory, "ngrams-" + Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(keyText))) + ".bin");

    /// <summary>The cached table when valid, else a freshly built one (then saved for the next process).</summary>
    public static LinguaNgramTable GetOrBuild(IReadOnlyList<Lingua.Language> languages, string modelsDirectory, string cacheDirectory, out bool fromCache)
    {
        LinguaNgramTable.CheckModelsDirectory(modelsDirectory);
        fromCache = false;
        if (!BitConverter.IsLittleEndian)
        {
            // The file holds the arrays' bytes as they lie in memory on little-endian machines.
            return LinguaNgramTable.Build(languages, modelsDirectory);
        }
        string keyText = KeyText(languages, modelsDirectory);
        string path = PathFor(cacheDirectory, keyText);
        if (TryRead(path, keyText) is { } cached)
        {
            fromCache = true;
            MarkUsed(path);
            return cached;
        }
        var table = LinguaNgramTable.Build(languages, modelsDirectory);
        if (TryWrite(path, keyText, table))
        {
            RemoveStale(cacheDirectory, DateTime.UtcNow);
        }
        return table;
    }

    /// <summary>
    /// Tables unused for <see cref="UnusedTableLifetime"/> (older models, language sets no longer
    /// run; 18 to 130 MB each) and temporary files of writers killed mid-write (a Slurm task past its
    /// time limit) more than an hour ago. Run after a write, so a cache that only serves reads costs nothing.
    /// </summary>
    internal static void RemoveStale(string cacheDirectory, DateTime nowUtc)
    {
        try
        {
            foreach (string file in Directory.EnumerateFiles(cacheDirectory))
            {
                string name = Path.GetFileName(file);
                var age = nowUtc - File.GetLastWriteTimeUtc(file);
                bool staleTable = name.StartsWith("ngrams-", StringComparison.Ordinal) && name.EndsWith(".bin", StringComparison.Ordinal) && age > UnusedTableLifetime;
                bool abandonedTemp = name.StartsWith(".ngrams-", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal) && age > TimeSpan.FromHours(1);
                if (staleTable || abandonedTemp)
                {
                    AtomicFile.TryDelete(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Clean-up is a courtesy; the cache works without it.
        }
    }

    /// <summary>Moves a read table's modification time forward (at most daily) so that <see cref="RemoveStale"/> keeps tables in use.</summary>
    private static void MarkUsed(string path)
    {
        try
        {
            var now = DateTime.UtcNow;
            if (now - File.GetLastWriteTimeUtc(path) > TimeSpan.FromDays(1))
            {
                File.SetLastWriteTimeUtc(path, now);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves reads.
        }
    }

    /// <summary>The table in <paramref name="path"/> if the file is whole, for <paramref name="keyText"/>, and consistent; else <c>null</c>.</summary>
    public static LinguaNgramTable? TryRead(string path, string keyText)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            long length = RandomAccess.GetLength(handle);
            if (length < HeaderBytes + sizeof(ulong))
            {
                return null;
            }
            Span<byte> header = stackalloc byte[HeaderBytes];
            if (RandomAccess.Read(handle, header, 0) != HeaderBytes || !header[..8].SequenceEqual(Magic))
            {
                return null;
            }
            int version = Int(header, 8), languages = Int(header, 12), stride = Int(header, 16), slots = Int(header, 20), logCount = Int(header, 24), keyBytes = Int(header, 28);
            byte[] expectedKey = Encoding.UTF8.GetBytes(keyText);
            if (version != FormatVersion || languages < 1 || stride < languages || slots < 16 || slots > MaxSlots || (slots & (slots - 1)) != 0
                || logCount < 0 || logCount % stride != 0 || keyBytes != expectedKey.Length
                || length != Layout(keyBytes, slots, logCount, out long keysAt, out long offsetsAt, out long logsAt))
            {
                return null;
            }
            var hash = new XxHash3();
            hash.Append(header);
            var storedKey = new byte[keyBytes];
            if (!ReadExactly(handle, storedKey, HeaderBytes, hash) || !storedKey.AsSpan().SequenceEqual(expectedKey))
            {
                return null;
            }
            var padding = new byte[keysAt - HeaderBytes - keyBytes];
            var keys = new ulong[slots];
            var offsets = new int[slots];
            var offsetsPadding = new byte[logsAt - offsetsAt - (long)slots * sizeof(int)];
            var logs = new double[logCount];
            Span<byte> trailer = stackalloc byte[sizeof(ulong)];
            if (!ReadExactly(handle, padding, HeaderBytes + keyBytes, hash)
                || !ReadExactly(handle, MemoryMarshal.AsBytes(keys.AsSpan()), keysAt, hash)
                || !ReadExactly(handle, MemoryMarshal.AsBytes(offsets.AsSpan()), offsetsAt, hash)
                || !ReadExactly(handle, offsetsPadding, offsetsAt + (long)slots * sizeof(int), hash)
                || !ReadExactly(handle, MemoryMarshal.AsBytes(logs.AsSpan()), logsAt, hash)
                || RandomAccess.Read(handle, trailer, length - sizeof(ulong)) != sizeof(ulong)
                || BinaryPrimitives.ReadUInt64LittleEndian(trailer) != hash.GetCurrentHashAsUInt64())
            {
                return null;
            }
            return Consistent(keys, offsets, stride, logCount) ? new LinguaNgramTable(languages, stride, keys, offsets, logs) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Saves the table atomically; returns whether it could (a cache that cannot be written is no error).</summary>
    public static bool TryWrite(string path, string keyText, LinguaNgramTable table)
    {
        // Temp + rename as AtomicFile does, but without flushing to disk: a cache file lost or
        // garbled by a crash fails the checks above and is rebuilt, so the fsync (a quarter of a
        // CPU-second for 19 MB here) buys nothing.
        string? temp = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            temp = AtomicFile.TempPathFor(path);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(stream, keyText, table);
            }
            AtomicFile.Commit(temp, path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (temp is not null)
            {
                AtomicFile.TryDelete(temp);
            }
            return false;
        }
    }

    private static void Write(Stream stream, string keyText, LinguaNgramTable table)
    {
        byte[] key = Encoding.UTF8.GetBytes(keyText);
        var keys = table.Keys;
        var offsets = table.RowOffsets;
        var logs = table.LogProbabilities;
        Layout(key.Length, keys.Length, logs.Length, out long keysAt, out long offsetsAt, out long logsAt);
        Span<byte> header = stackalloc byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], table.Languages);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], table.Stride);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], keys.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], logs.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], key.Length);
        var hash = new XxHash3();
        Put(header);
        Put(key);
        Put(new byte[keysAt - HeaderBytes - key.Length]);
        Put(MemoryMarshal.AsBytes(keys.AsSpan()));
        Put(MemoryMarshal.AsBytes(offsets.AsSpan()));
        Put(new byte[logsAt - offsetsAt - (long)keys.Length * sizeof(int)]);
        Put(MemoryMarshal.AsBytes(logs.AsSpan()));
        Span<byte> trailer = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, hash.GetCurrentHashAsUInt64());
        stream.Write(trailer);

        void Put(ReadOnlySpan<byte> bytes)
        {
            hash.Append(bytes);
            stream.Write(bytes);
        }
    }

    /// <summary>Byte positions of the arrays and the whole file's length.</summary>
    private static long Layout(int keyBytes, int slots, int logCount, out long keysAt, out long offsetsAt, out long logsAt)
    {
        keysAt = Align8(HeaderBytes + (long)keyBytes);
        offsetsAt = keysAt + (long)slots * sizeof(ulong);
        logsAt = Align8(offsetsAt + (long)slots * sizeof(int));
        return logsAt + (long)logCount * sizeof(double) + sizeof(ulong);

        static long Align8(long at) => (at + 7) & ~7L;
    }

    /// <summary>
    /// Structural checks that keep <see cref="LinguaNgramTable.Find"/> safe even on a file that
    /// passes the checksum by accident: every row offset lies on a row, and a slot is empty (so a
    /// probe for an absent key ends).
    /// </summary>
    private static bool Consistent(ulong[] keys, int[] offsets, int stride, int logCount)
    {
        int used = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] == 0)
            {
                continue;
            }
            used++;
            int offset = offsets[i];
            if (offset < 0 || offset % stride != 0 || offset > logCount - stride)
            {
                return false;
            }
        }
        return used < keys.Length;
    }

    private static bool ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> into, long at, XxHash3 hash)
    {
        int done = 0;
        while (done < into.Length)
        {
            int read = RandomAccess.Read(handle, into[done..], at + done);
            if (read <= 0)
            {
                return false;
            }
            done += read;
        }
        hash.Append(into);
        return true;
    }

    private static int Int(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
}
