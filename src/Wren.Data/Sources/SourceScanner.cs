using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace Wren.Data.Sources;

/// <summary>
/// Expands the SOURCE arguments into the list of files to read, in a fixed order: arguments in the order
/// given, files inside a folder sorted by relative path (ordinal), so the same folder always gives the same
/// documents in the same order. Folders are walked recursively with the include/exclude globs; hidden files
/// and folders (names starting with a dot) are left out. A file named directly is always read.
/// </summary>
internal static class SourceScanner
{
    /// <summary>One file to read: <paramref name="Path"/> on disk, <paramref name="Name"/> as documents will cite it
    /// (the argument as given joined with the path inside it, with forward slashes).</summary>
    public sealed record ScannedFile(string Path, string Name, long Length, bool Explicit);

    /// <param name="excludeDirectory">A folder never read (the run's own output folder), or null.</param>
    public static List<ScannedFile> Scan(IReadOnlyList<string> sources, SourceOptions options, string? excludeDirectory)
    {
        var files = new List<ScannedFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? excluded = excludeDirectory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(excludeDirectory)) + Path.DirectorySeparatorChar;
        foreach (string source in sources)
        {
            if (File.Exists(source))
            {
                string full = Path.GetFullPath(source);
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
            string root = Path.GetFullPath(source);
            var matched = new List<string>();
            foreach (FilePatternMatch match in matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(root))).Files)
            {
                if (!IsHidden(match.Path))
                {
                    matched.Add(match.Path);
                }
            }
            matched.Sort(StringComparer.Ordinal);
            string prefix = Normalize(source).TrimEnd('/');
            foreach (string relative in matched)
            {
                string full = Path.GetFullPath(Path.Combine(root, relative));
                if ((excluded is not null && full.StartsWith(excluded, StringComparison.Ordinal)) || !seen.Add(full))
                {
                    continue;
                }
                string name = prefix is "" or "." ? relative : prefix + "/" + relative;
                files.Add(new ScannedFile(full, name, new FileInfo(full).Length, Explicit: false));
            }
        }
        return files;
    }

    private static bool IsHidden(string relativePath)
    {
        foreach (string segment in relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment.StartsWith('.'))
            {
                return true;
            }
        }
        return false;
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
}
