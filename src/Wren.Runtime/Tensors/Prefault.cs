using System.Runtime.InteropServices;

namespace Wren.Runtime.Tensors;

/// <summary>
/// Maps pages before their first use: Linux's <c>madvise</c> with <c>MADV_POPULATE_READ</c> or <c>MADV_POPULATE_WRITE</c>
/// (kernel 5.14+), one call instead of a page fault per page (per 16 pages of a mapped file) on first touch. On the
/// virtual machine wren-run's start-up goal is measured on, a page fault costs 10-15 µs of CPU: populating a 60 MB F32
/// model saved ~900 faults and ~8 ms, and 16 MB of fresh memory took 38 ms populated against 64 ms faulted page by page.
/// Elsewhere (another system, an older kernel, no C library found) it does nothing, and the pages still come in on
/// first touch. <see cref="Release"/> is the way back, for mapped pages read once.
/// </summary>
internal static unsafe class Prefault
{
    private const int DontNeed = 4, PopulateRead = 22, PopulateWrite = 23;

    // Looked up, not [LibraryImport]ed: the C library's name differs (glibc's libc.so.6, bionic's libc.so), and a missing
    // one must cost nothing, not a DllNotFoundException on the load path.
    private static readonly delegate* unmanaged<nint, nuint, int, int> s_madvise = Find();

    /// <summary>Maps the pages of [start, start + length) of a read-only file mapping now.</summary>
    public static void Read(void* start, long length) => Advise(start, length, PopulateRead);

    /// <summary>
    /// Maps the whole pages inside [start, start + length) of fresh writable memory now, zeroed as on first touch. Only whole
    /// pages: the partial ones at either end may hold the allocator's own bookkeeping, left to fault as before.
    /// </summary>
    public static void Write(void* start, long length) => AdviseWholePages(start, length, PopulateWrite);

    /// <summary>
    /// Unmaps the whole pages inside [start, start + length) of a read-only file mapping from this process (MADV_DONTNEED):
    /// they leave its resident set but stay in the page cache, and a later read maps them again. For mapped bytes that were
    /// read once into a copy (GGUF q/k rows un-permuted), which would otherwise count twice in the resident set. Only whole
    /// pages, so a neighbour sharing the first or last page keeps it.
    /// </summary>
    public static void Release(void* start, long length) => AdviseWholePages(start, length, DontNeed);

    private static void AdviseWholePages(void* start, long length, int advice)
    {
        long page = Environment.SystemPageSize;
        nint first = ((nint)start + (nint)(page - 1)) & ~(nint)(page - 1);
        nint end = ((nint)start + (nint)length) & ~(nint)(page - 1);
        if (end > first) Advise((void*)first, end - first, advice);
    }

    private static void Advise(void* start, long length, int advice)
    {
        if (s_madvise == null || length <= 0) return;
        long page = Environment.SystemPageSize;
        nint first = (nint)start & ~(nint)(page - 1);
        // The result is ignored: EINVAL on a kernel without the advice, and the pages then fault in on first touch.
        s_madvise(first, (nuint)((nint)start - first + length), advice);
    }

    private static delegate* unmanaged<nint, nuint, int, int> Find()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsAndroid()) return null;
        foreach (string name in new[] { "libc.so.6", "libc.so" })
        {
            if (NativeLibrary.TryLoad(name, out nint libc) && NativeLibrary.TryGetExport(libc, "madvise", out nint madvise))
                return (delegate* unmanaged<nint, nuint, int, int>)madvise;
        }
        return null;
    }
}
