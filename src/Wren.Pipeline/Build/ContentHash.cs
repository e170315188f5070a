using System.Security.Cryptography;
using System.Text;

namespace Wren.Pipeline.Build;

/// <summary>
/// SHA-256 over texts and files in a fixed order: each file contributes its path relative to a root and
/// its bytes, so renaming, editing, adding or removing a file all change the hash.
/// </summary>
internal sealed class ContentHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void AddText(string label, string text)
    {
        Add(label);
        Add(text);
    }

    /// <summary>A file, or every file under a folder (recursively, in ordinal order); a missing path counts as "missing".</summary>
    public void AddPath(string path, string root)
    {
        if (File.Exists(path))
        {
            AddFile(path, root);
        }
        else if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).ToList();
            files.Sort(StringComparer.Ordinal);
            foreach (string file in files) AddFile(file, root);
        }
        else
        {
            AddText("missing", Path.GetRelativePath(root, path));
        }
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private void AddFile(string file, string root)
    {
        Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> length = stackalloc byte[8];
        BitConverter.TryWriteBytes(length, stream.Length);
        _hash.AppendData(length);
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) _hash.AppendData(buffer, 0, n);
    }

    // Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
    private void Add(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BitConverter.TryWriteBytes(length, bytes.Length);
        _hash.AppendData(length);
        _hash.AppendData(bytes);
    }
}
