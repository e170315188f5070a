using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Wren.Runtime.Diagnostics;

/// <summary>
/// What killed writers leave behind: <see cref="AtomicFile"/>'s temporary files (<c>.NAME.PID@HOST.XXXXXXXX.tmp</c>)
/// and temporary folders renamed into place when complete (<c>NAME.tmp-PID@HOST</c>, a checkpoint being written).
/// Each carries its writer's process id and host (<see cref="OwnerTag"/>), so the next run can remove exactly
/// the leftovers of writers that are gone: never those of a live process, nor those written on another host
/// (a cluster node sharing the folder), whose processes this one cannot see. Names without a host (written
/// before hosts were recorded) count as this host's.
/// </summary>
public static partial class LeftoverFiles
{
    /// <summary>This host's name as temporary names carry it.</summary>
    private static readonly string Host = HostName() is { Length: > 0 } h ? h : "host";

    /// <summary>The writer's tag in temporary names: this process's id and host, e.g. <c>4242@node07</c>.</summary>
    public static string OwnerTag { get; } = $"{Environment.ProcessId}@{Host}";

    /// <summary>
    /// Removes, under <paramref name="folder"/> (and its subfolders when <paramref name="recursive"/>), the
    /// temporary files and folders of writers that no longer run on this host; returns how many went.
    /// Symbolic links are not followed. A folder that does not exist holds nothing to remove.
    /// </summary>
    public static int RemoveDeadWriters(string folder, bool recursive = true)
    {
        if (!Directory.Exists(folder)) return 0;
        int removed = 0;
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(current).GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (FileSystemInfo entry in entries)
            {
                if (entry.LinkTarget is not null) continue;
                bool isFolder = entry is DirectoryInfo;
                Match m = (isFolder ? TempFolder() : TempFile()).Match(entry.Name);
                if (m.Success && IsDead(int.Parse(m.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["host"].Success ? m.Groups["host"].Value : null))
                {
                    try
                    {
                        if (isFolder) Directory.Delete(entry.FullName, recursive: true);
                        else File.Delete(entry.FullName);
                        removed++;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                    }
                }
                else if (isFolder && recursive)
                {
                    pending.Push(entry.FullName);
                }
            }
        }
        return removed;
    }

    /// <summary>Whether the writer <paramref name="pid"/> on <paramref name="host"/> is known to be gone.</summary>
    internal static bool IsDead(int pid, string? host)
    {
        if (host is not null && host != Host) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>The host name as it may appear in a file name (letters, digits, '-' and '_').</summary>
    private static string HostName()
    {
        var name = new System.Text.StringBuilder();
        foreach (char c in Environment.MachineName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }
        return name.ToString();
    }

    [GeneratedRegex(@"^\..+\.(?<pid>\d{1,9})(?:@(?<host>[A-Za-z0-9_-]+))?\.[0-9a-f]{8}\.tmp$")]
    private static partial Regex TempFile();

    [GeneratedRegex(@"\.tmp-(?<pid>\d{1,9})(?:@(?<host>[A-Za-z0-9_-]+))?$")]
    private static partial Regex TempFolder();
}
