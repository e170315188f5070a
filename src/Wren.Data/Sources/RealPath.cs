namespace Wren.Data.Sources;

/// <summary>
/// The real path of a file or folder: every symbolic link on the way resolved, as POSIX <c>realpath</c> gives
/// it. .NET resolves the links of the last component only (<see cref="FileSystemInfo.ResolveLinkTarget"/>), and
/// a link in a parent folder (<c>docs/link/../x</c>) changes where a path leads, so the check "is this inside
/// the source" needs every component resolved. Written here because the BCL has no realpath.
/// </summary>
internal static class RealPath
{
    /// <summary>Links followed for one path before it counts as a loop (Linux's own limit is 40).</summary>
    private const int MaxLinks = 40;

    /// <summary>The real path, or null when the path (or a link on the way) leads nowhere or loops.</summary>
    public static string? Of(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        PushParts(pending, full[root.Length..]);
        string current = root;
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == "." || part.Length == 0)
            {
                continue;
            }
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            string next = Path.Combine(current, part);
            var info = new FileInfo(next);
            string? target;
            try
            {
                target = info.LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            if (target is null)
            {
                if (!info.Exists && !Directory.Exists(next))
                {
                    return null;
                }
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                return null;
            }
            // The target's parts replace this one, resolved from the link's folder (or from the root when absolute).
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                PushParts(pending, target[current.Length..]);
            }
            else
            {
                PushParts(pending, target);
            }
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it (both real, full paths).</summary>
    public static bool IsUnder(string path, string folder)
    {
        string prefix = Path.TrimEndingDirectorySeparator(folder);
        return path.Length == prefix.Length
            ? string.Equals(path, prefix, StringComparison.Ordinal)
            : path.StartsWith(prefix, StringComparison.Ordinal) && (path[prefix.Length] == Path.DirectorySeparatorChar || prefix.EndsWith(Path.DirectorySeparatorChar));
    }

    private static void PushParts(Stack<string> pending, string relative)
    {
        string[] parts = relative.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
