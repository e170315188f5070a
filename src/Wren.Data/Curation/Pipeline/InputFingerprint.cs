using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Wren.Runtime;

namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// What a curation run's inputs were, so a resumed run can refuse inputs that changed since (mixing results
/// of old and new inputs would account for nothing): per file its size, its last-write time and a SHA-256 of
/// its first and last mebibyte. Cheap for any corpus size (two reads per file, not a pass over it), and it
/// catches a file replaced, grown, cut or rewritten at either end; an edit in the middle that keeps the size
/// and the time is the one change it can miss.
/// </summary>
internal static class InputFingerprint
{
    private const int Sample = 1 << 20;

    /// <summary>One line per file: size, last-write ticks (UTC), sample hash, path; in the order given.</summary>
    public static string Describe(IEnumerable<string> paths)
    {
        var text = new StringBuilder();
        foreach (string path in paths)
        {
            text.Append(Line(Path.GetFullPath(path))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>What changed between a recorded description and the files now, naming the first file that
    /// differs; null when nothing did.</summary>
    public static string? FirstChange(string recorded, IEnumerable<string> paths)
    {
        var before = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (string line in recorded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split('\t', 4);
            if (fields.Length == 4)
            {
                before[fields[3]] = fields;
                order.Add(fields[3]);
            }
        }
        var now = paths.Select(Path.GetFullPath).ToList();
        foreach (string path in now)
        {
            if (!before.TryGetValue(path, out string[]? was))
            {
                return $"{path} is new";
            }
            if (!File.Exists(path))
            {
                return $"{path} is gone";
            }
            string[] current = Line(path).Split('\t', 4);
            if (current[0] != was[0])
            {
                return $"{path} changed size ({long.Parse(was[0], CultureInfo.InvariantCulture):N0} bytes then, {long.Parse(current[0], CultureInfo.InvariantCulture):N0} now)";
            }
            if (current[2] != was[2])
            {
                return $"{path} changed content";
            }
            if (current[1] != was[1])
            {
                return $"{path} was modified ({Time(was[1])} then, {Time(current[1])} now)";
            }
        }
        foreach (string path in order)
        {
            if (!now.Contains(path, StringComparer.Ordinal))
            {
                return $"{path} is no longer an input";
            }
        }
        return null;
    }

    private static string Line(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new WrenException($"{path}: no such input file");
        }
        return string.Create(CultureInfo.InvariantCulture, $"{info.Length}\t{info.LastWriteTimeUtc.Ticks}\t{SampleHash(path, info.Length)}\t{path}");
    }

    private static string SampleHash(string path, long length)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        byte[] buffer = new byte[Sample];
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        sha.AppendData(buffer, 0, read);
        if (length > Sample)
        {
            stream.Seek(Math.Max(Sample, length - Sample), SeekOrigin.Begin);
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static string Time(string ticks) =>
        new DateTime(long.Parse(ticks, CultureInfo.InvariantCulture), DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
