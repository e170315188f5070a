using System.Security.Cryptography;
using System.Text;

namespace Wren.Data.Documents;

/// <summary>
/// Document ids that stay the same across runs and machines: the first 128 bits of SHA-256 over the source and the
/// location inside it, so re-ingesting a folder yields the same ids and curation decisions can be
/// joined back to their documents.
/// </summary>
public static class DocumentId
{
    public static string For(string source, string location)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(source + "\u0000" + location);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
