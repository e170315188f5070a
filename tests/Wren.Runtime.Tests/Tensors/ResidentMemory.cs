using System.Globalization;
using System.Runtime.InteropServices;

namespace Wren.Runtime.Tests.Tensors;

/// <summary>What this process holds resident: a mapping's Rss from <c>/proc/self/smaps</c>, or pages by mincore (Linux).</summary>
internal static unsafe class ResidentMemory
{
    /// <summary>How many of the whole pages inside [start, start + length) are resident (mincore).</summary>
    public static long Pages(void* start, long length)
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
    public static long MappingKb(void* address)
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
