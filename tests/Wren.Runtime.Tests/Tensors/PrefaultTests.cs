using System.IO.MemoryMappedFiles;
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
            Assert.True(ResidentMemory.MappingKb(p) >= Bytes / 1024, $"prefaulted mapping: {ResidentMemory.MappingKb(p)} kB resident of {Bytes / 1024}");
            Assert.True(ResidentMemory.MappingKb(c) < Bytes / 1024 / 2, $"control mapping: {ResidentMemory.MappingKb(c)} kB resident before any touch");
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
        Assert.True(ResidentMemory.Pages((void*)prefaulted.Pointer, Fresh) >= pages - 2, $"prefaulted buffer: {ResidentMemory.Pages((void*)prefaulted.Pointer, Fresh)} of {pages} pages resident");
        Assert.True(ResidentMemory.Pages((void*)control.Pointer, Fresh) < pages / 2, $"control buffer: {ResidentMemory.Pages((void*)control.Pointer, Fresh)} of {pages} pages resident before any touch");
        prefaulted.AsSingles(0, 1 << 20).Fill(2f);
        Assert.True(prefaulted.AsSingles(0, 1 << 20).IndexOfAnyExcept(2f) < 0);
    }

    [Fact]
    public void ReleasedPagesLeaveTheResidentSetAndReadTheSameAgain()
    {
        string path = Path.Combine(_dir, "weights.bin");
        byte[] content = new byte[Bytes];
        new Random(8).NextBytes(content);
        File.WriteAllBytes(path, content);

        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, Bytes, MemoryMappedFileAccess.Read);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        try
        {
            Prefault.Read(p, Bytes);
            long before = ResidentMemory.MappingKb(p);
            // A range that starts and ends inside pages: the two partial pages stay mapped (a neighbour may use them), the whole pages between go.
            long page = Environment.SystemPageSize, from = page / 2, length = Bytes / 2;
            Prefault.Release(p + from, length);
            long after = ResidentMemory.MappingKb(p), released = (length - page) / 1024;
            Assert.True(before - after >= released - page / 1024 && before - after <= released + page / 1024,
                $"released {before - after} kB of a {length / 1024} kB range ({before} kB resident before, {after} after)");
            Assert.True(new ReadOnlySpan<byte>(p, (int)Bytes).SequenceEqual(content));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
