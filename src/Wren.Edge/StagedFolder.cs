using Wren.Runtime;

namespace Wren.Edge;

/// <summary>
/// Writes a folder so that it appears complete or not at all: everything goes into a temporary sibling,
/// which replaces the target only once the writer returned. An earlier export at the target is replaced.
/// </summary>
internal static class StagedFolder
{
    public static T Write<T>(string target, Func<string, T> write)
    {
        string full = Path.GetFullPath(target);
        if (File.Exists(full)) throw new WrenException($"--out '{target}' is a file; name a folder");
        string parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new WrenException($"--out '{target}' has no parent folder");
        Directory.CreateDirectory(parent);
        string stem = "." + Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)) + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8];
        string staging = Path.Combine(parent, stem + ".tmp");
        string old = Path.Combine(parent, stem + ".old");
        Directory.CreateDirectory(staging);
        try
        {
            T result = write(staging);
            if (Directory.Exists(full)) Directory.Move(full, old);
            Directory.Move(staging, full);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            return result;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
