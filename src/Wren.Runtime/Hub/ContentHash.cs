using System.Security.Cryptography;
using System.Text;

namespace Wren.Runtime.Hub;

/// <summary>
/// Checks downloaded bytes against the hub's ETag as they arrive. An LFS file's ETag (<c>X-Linked-Etag</c>) is
/// the sha256 of its bytes; any other file's is its git blob id, sha1 over <c>"blob SIZE\0"</c> and the bytes.
/// huggingface_hub itself checks only the size; Wren checks the hash too, since both are known and a file that
/// does not match is exactly what must never reach a snapshot. An ETag that is neither (a mirror's own) leaves
/// the size as the only check, as in huggingface_hub.
/// </summary>
internal sealed class ContentHash : IDisposable
{
    private readonly IncrementalHash _hash;
    private readonly byte[]? _gitHeader;

    private ContentHash(HashAlgorithmName algorithm, string expected, byte[]? gitHeader)
    {
        _hash = IncrementalHash.CreateHash(algorithm);
        Expected = expected;
        _gitHeader = gitHeader;
        Reset();
    }

    /// <summary>The hex digest the bytes must hash to.</summary>
    public string Expected { get; }

    /// <summary>"sha256" or "git sha1", for messages.</summary>
    public string Name => _gitHeader is null ? "sha256" : "git blob sha1";

    /// <summary>A check for a file with this ETag and size, or null when the ETag is no hash Wren knows.</summary>
    public static ContentHash? For(string etag, long size)
    {
        if (IsHex(etag, 64)) return new ContentHash(HashAlgorithmName.SHA256, etag, null);
        if (IsHex(etag, 40)) return new ContentHash(HashAlgorithmName.SHA1, etag, Encoding.ASCII.GetBytes($"blob {size}\0"));
        return null;
    }

    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    /// <summary>Starts over (a server that ignored a Range request sends the file from its first byte).</summary>
    public void Reset()
    {
        _hash.GetHashAndReset();
        if (_gitHeader is not null) _hash.AppendData(_gitHeader);
    }

    /// <summary>The digest of what was appended, in lower-case hex; the check is spent afterwards.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    private static bool IsHex(string s, int length)
    {
        if (s.Length != length) return false;
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigitLower(c)) return false;
        }
        return true;
    }
}
