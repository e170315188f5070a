namespace Wren.Bench.Curation;

/// <summary>Peak resident memory (VmHWM) of this process on Linux, with a reset so each phase gets its own peak.</summary>
internal static class PeakMemory
{
    /// <summary>Peak RSS in bytes since start or the last <see cref="Reset"/>; falls back to the runtime's figure off Linux.</summary>
    public static long Bytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (string line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>Resets the peak to the current RSS (Linux: writing 5 to clear_refs); false where that is not possible.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
