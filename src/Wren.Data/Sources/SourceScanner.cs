using Microsoft.Extensions.FileSystemGlobbing;

namespace Wren.Data.Sources;

/// <summary>
/// Expands the SOURCE arguments into the list of files to read, in a fixed order: arguments in the order
/// given, files inside a folder sorted by relative path (ordinal), so the same folder always gives the same
/// documents in the same order. Folders are walked recursively with the include/exclude globs; hidden files
/// and folders (names starting with a dot) are left out. A file named directly is always read.
/// <para>
/// Symbolic links never take the walk outside the folder given: every path is resolved to its real path, a
/// link whose target lies outside is reported and not followed (unless <see cref="SourceOptions.FollowLinks"/>),
/// a link to a folder inside is not walked again (its files are already read under their own names), and each
/// real file is read once, so link loops (<c>sub/up -> ..</c>) cost nothing.
/// </para>
/// </summary>
internal static class SourceScanner
{
    /// <summary>One file to read: <paramref name="Path"/> on disk, <paramref name="Name"/> as documents will cite it
    /// (the argument as given joined with the path inside it, with forward slashes).</summary>
    public sealed record ScannedFile(string Path, string Name, long Length, bool Explicit);

    /// <param name="excludeDirectory">A folder never read (the run's own output folder), or null.</param>
    /// <param name="problems">Receives links that were not followed, with the reason.</param>
    public static List<ScannedFile> Scan(IReadOnlyList<string> sources, SourceOptions options, string? excludeDirectory, List<IngestError> problems)
    {
        var files = new List<ScannedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? excluded = excludeDirectory is null ? null : RealPath.Of(excludeDirectory) ?? Path.GetFullPath(excludeDirectory);
        foreach (string source in sources)
        {
            if (File.Exists(source))
            {
                // Named by the user: read even when it is a link to somewhere else.
                string full = RealPath.Of(source) ?? Path.GetFullPath(source);
                if (seen.Add(full))
                {
                    files.Add(new ScannedFile(full, Normalize(source), new FileInfo(full).Length, Explicit: true));
                }
                continue;
            }
            if (!Directory.Exists(source))
            {
                throw new Wren.Runtime.WrenException($"{source}: no such file or folder");
            }
            string root = RealPath.Of(source) ?? Path.GetFullPath(source);
            string prefix = Normalize(source).TrimEnd('/');
            var walk = new Walk(root, prefix, options.FollowLinks, excluded, problems);
            walk.Run();
            var matched = new List<Entry>();
            Matcher? matcher = options.Include.Count == 0 && options.Exclude.Count == 0 ? null : CreateMatcher(options);
            foreach (Entry entry in walk.Files)
            {
                // One file at a time: the in-memory tree the globbing library builds for a whole list is quadratic in size.
                if (matcher is null || matcher.Match(root, entry.Relative).HasMatches)
                {
                    matched.Add(entry);
                }
            }
            // Each real file once: under its own name when the walk met it directly, else under the first link's name.
            matched.Sort((a, b) => a.ViaLink != b.ViaLink ? a.ViaLink.CompareTo(b.ViaLink) : string.CompareOrdinal(a.Relative, b.Relative));
            var chosen = new List<Entry>();
            foreach (Entry entry in matched)
            {
                if (seen.Add(entry.Real))
                {
                    chosen.Add(entry);
                }
            }
            chosen.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
            foreach (Entry entry in chosen)
            {
                string name = prefix is "" or "." ? entry.Relative : prefix + "/" + entry.Relative;
                files.Add(new ScannedFile(entry.Real, name, entry.Length, Explicit: false));
            }
        }
        return files;
    }

    private static Matcher CreateMatcher(SourceOptions options)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        if (options.Include.Count == 0)
        {
            matcher.AddInclude("**/*");
        }
        foreach (string include in options.Include)
        {
            matcher.AddInclude(include);
        }
        foreach (string exclude in options.Exclude)
        {
            matcher.AddExclude(exclude);
        }
        return matcher;
    }

    private static string Normalize(string path)
    {
        string p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal) && p.Length > 2)
        {
            p = p[2..];
        }
        return p;
    }

    /// <summary>A file found by the walk: its path relative to the source, its real path, and whether a link led to it.</summary>
    private sealed record Entry(string Relative, string Real, long Length, bool ViaLink);

    /// <summary>
    /// One folder's walk, without recursion (a deep tree cannot overflow the stack). Real folders are walked
    /// first; links to folders are followed afterwards, and only to folders not walked yet, so a file is met
    /// under its own name before any link's.
    /// </summary>
    private sealed class Walk(string root, string prefix, bool followLinks, string? excluded, List<IngestError> problems)
    {
        private readonly HashSet<string> _visitedFolders = new(StringComparer.Ordinal);
        private readonly List<(string Relative, string Real)> _folderLinks = new();

        public List<Entry> Files { get; } = new();

        public void Run()
        {
            Visit(root, "", viaLink: false);
            // Links found while following links are appended, and followed in turn.
            for (int i = 0; i < _folderLinks.Count; i++)
            {
                var (relative, real) = _folderLinks[i];
                if (IsWalked(real))
                {
                    continue;
                }
                Visit(real, relative, viaLink: true);
            }
        }

        /// <summary>Whether a real folder lies in (or is) one already walked, whose files are all listed then.</summary>
        private bool IsWalked(string real)
        {
            for (string? folder = real; folder is not null; folder = Path.GetDirectoryName(folder))
            {
                if (_visitedFolders.Contains(folder))
                {
                    return true;
                }
            }
            return false;
        }

        private void Visit(string realFolder, string relativeFolder, bool viaLink)
        {
            var pending = new Stack<(string Real, string Relative)>();
            pending.Push((realFolder, relativeFolder));
            while (pending.Count > 0)
            {
                var (folder, relative) = pending.Pop();
                if (!_visitedFolders.Add(folder) || (excluded is not null && RealPath.IsUnder(folder, excluded)))
                {
                    continue;
                }
                FileSystemInfo[] entries;
                try
                {
                    entries = new DirectoryInfo(folder).GetFileSystemInfos();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(new IngestError(Display(relative), $"cannot list the folder ({e.Message})"));
                    continue;
                }
                Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
                var folders = new List<(string Real, string Relative)>();
                foreach (FileSystemInfo entry in entries)
                {
                    if (entry.Name.StartsWith('.'))
                    {
                        continue;
                    }
                    string childRelative = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                    if (entry.LinkTarget is string target)
                    {
                        Link(entry, target, childRelative);
                    }
                    else if (entry is DirectoryInfo)
                    {
                        folders.Add((entry.FullName, childRelative));
                    }
                    else if (excluded is null || !RealPath.IsUnder(entry.FullName, excluded))
                    {
                        Files.Add(new Entry(childRelative, entry.FullName, ((FileInfo)entry).Length, viaLink));
                    }
                }
                // Pushed in reverse, so that folders are walked (and links in them found) in name order.
                for (int i = folders.Count - 1; i >= 0; i--)
                {
                    pending.Push(folders[i]);
                }
            }
        }

        private void Link(FileSystemInfo link, string target, string relative)
        {
            string? real = RealPath.Of(link.FullName);
            if (real is null)
            {
                problems.Add(new IngestError(Display(relative), $"symbolic link to '{target}' leads nowhere (a missing target or a loop of links); not followed"));
                return;
            }
            if (!RealPath.IsUnder(real, root) && !followLinks)
            {
                problems.Add(new IngestError(Display(relative), $"symbolic link to '{real}' leads outside the source; not followed (--follow-links follows it)"));
                return;
            }
            if (Directory.Exists(real))
            {
                _folderLinks.Add((relative, real));
            }
            else if (excluded is null || !RealPath.IsUnder(real, excluded))
            {
                Files.Add(new Entry(relative, real, new FileInfo(real).Length, ViaLink: true));
            }
        }

        private string Display(string relative) => prefix is "" or "." ? relative : prefix + "/" + relative;
    }
}
