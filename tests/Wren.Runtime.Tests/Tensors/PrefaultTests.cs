using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Wren.Runtime.Tensors;

namespace Wren.Runtime.Tests.Tensors;

/// <summary>
/// <see cref="Prefault"/> maps pages before their first touch: what is resident (a file view's Rss in <c>/proc/self/smaps</c>,
/// fresh memory's pages by mincore) is checked against a control range that was not prefaulted, so the check is not just
/// reading a full count everywhere. Linux only, as the
/// program it serves (wren-run's start) is measured there; not run under qemu-user, whose madvise and smaps are its own.
/// </summary>
public sealed unsafe class PrefaultTests : IDisposable
{
    private const long Bytes = 4L << 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-prefault-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AReadOnlyFileMappingIsResidentAfterPrefaultAndItsBytesAreTheFiles()
    {
        string path = Path.Combine(_dir, "weights.bin");
        byte[] content = new byte[Bytes];
        new Random(7).NextBytes(content);
        File.WriteAllBytes(path, content);

        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var prefaulted = map.CreateViewAccessor(0, Bytes, MemoryMappedFileAccess.Read);
        using var control = map.CreateViewAccessor(0, Bytes, MemoryMappedFileAccess.Read);
        byte* p = null, c = null;
        prefaulted.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        control.SafeMemoryMappedViewHandle.AcquirePointer(ref c);
        try
        {
            Prefault.Read(p, Bytes);
            Assert.True(ResidentKb(p) >= Bytes / 1024, $"prefaulted mapping: {ResidentKb(p)} kB resident of {Bytes / 1024}");
            Assert.True(ResidentKb(c) < Bytes / 1024 / 2, $"control mapping: {ResidentKb(c)} kB resident before any touch");
            Assert.True(new ReadOnlySpan<byte>(p, (int)Bytes).SequenceEqual(content));
        }
        finally
        {
            prefaulted.SafeMemoryMappedViewHandle.ReleasePointer();
            control.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    [Fact]
    public void FreshMemoryIsResidentAfterPrefaultAndStaysWritable()
    {
        // Past glibc's largest mmap threshold (32 MB), so each is fresh pages of its own; two such mappings may merge into
        // one in smaps, so residency is asked page by page (mincore).
        const long Fresh = 40L << 20;
        using var prefaulted = new NativeBuffer(Fresh, zero: false);
        using var control = new NativeBuffer(Fresh, zero: false);
        Prefault.Write((void*)prefaulted.Pointer, prefaulted.ByteLength);
        long pages = Fresh / Environment.SystemPageSize;
        Assert.True(ResidentPages((void*)prefaulted.Pointer, Fresh) >= pages - 2, $"prefaulted buffer: {ResidentPages((void*)prefaulted.Pointer, Fresh)} of {pages} pages resident");
        Assert.True(ResidentPages((void*)control.Pointer, Fresh) < pages / 2, $"control buffer: {ResidentPages((void*)control.Pointer, Fresh)} of {pages} pages resident before any touch");
        prefaulted.AsSingles(0, 1 << 20).Fill(2f);
        Assert.True(prefaulted.AsSingles(0, 1 << 20).IndexOfAnyExcept(2f) < 0);
    }

    /// <summary>How many of the whole pages inside [start, start + length) are resident (mincore).</summary>
    private static long ResidentPages(void* start, long length)
    {
        long page = Environment.SystemPageSize;
        nint first = ((nint)start + (nint)(page - 1)) & ~(nint)(page - 1);
        long count = ((nint)start + (nint)length - first) / page;
        if (!NativeLibrary.TryLoad("libc.so.6", out nint libc) || !NativeLibrary.TryGetExport(libc, "mincore", out nint address))
            throw new InvalidOperationException("no mincore in libc.so.6");
        var mincore = (delegate* unmanaged<nint, nuint, byte*, int>)address;
        byte[] vector = new byte[count];
        fixed (byte* v = vector)
        {
            Assert.Equal(0, mincore(first, (nuint)(count * page), v));
        }
        return vector.Count(b => (b & 1) != 0);
    }

    /// <summary>The Rss of the mapping that holds <paramref name="address"/>, from /proc/self/smaps.</summary>
    private static long ResidentKb(void* address)
    {
        ulong at = (ulong)address;
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end))
            {
                inside = start <= at && at < end;
                continue;
            }
            if (inside && line.StartsWith("Rss:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no mapping holds 0x{at:x} in /proc/self/smaps");
    }
}
