using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Hub;

/// <summary>
/// A pull into a folder of the user's (<c>--out DIR</c>), laid out as huggingface_hub's <c>local_dir</c> downloads
/// (<c>_local_folder.py</c> at huggingface/huggingface_hub@ee0a4510): the files at their repository paths, and
/// beside them <c>DIR/.cache/huggingface/</c> with a <c>.gitignore</c> of "*", a CACHEDIR.TAG, the tree listing
/// (<c>trees/COMMIT.json</c>) and per file <c>download/PATH.metadata</c> (commit, ETag, time written), which tells a
/// later pull that a file is already the one the hub has.
/// </summary>
internal sealed class LocalDirLayout
{
    public LocalDirLayout(string directory)
    {
        Directory = Path.GetFullPath(directory);
        HuggingFaceFolder = Path.Combine(Directory, ".cache", "huggingface");
    }

    public string Directory { get; }

    /// <summary><c>DIR/.cache/huggingface</c>, which also holds the tree cache.</summary>
    public string HuggingFaceFolder { get; }

    public string FilePath(string repoPath) => Path.Combine(Directory, HubCacheLayout.LocalRelativePath(repoPath));

    public string MetadataPath(string repoPath) => Path.Combine(HuggingFaceFolder, "download", HubCacheLayout.LocalRelativePath(repoPath) + ".metadata");

    /// <summary><c>metadata_path.with_suffix(".lock")</c>.</summary>
    public string LockPath(string repoPath) => Path.ChangeExtension(MetadataPath(repoPath), ".lock");

    /// <summary><c>LocalDownloadFilePaths.incomplete_path</c>: <c>download/DIR/{urlsafe_b64(sha1(NAME.metadata))}.{ETAG}.incomplete</c>.</summary>
    public string IncompletePath(string repoPath, string etag)
    {
        string metadata = MetadataPath(repoPath);
        string shortHash = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(Path.GetFileName(metadata)))).Replace('+', '-').Replace('/', '_');
        return Path.Combine(Path.GetDirectoryName(metadata)!, $"{shortHash}.{etag}.incomplete");
    }

    /// <summary>Makes <c>.cache/huggingface</c> with its <c>.gitignore</c> and CACHEDIR.TAG (<c>_huggingface_dir</c>).</summary>
    public void Prepare()
    {
        System.IO.Directory.CreateDirectory(HuggingFaceFolder);
        HubCacheLayout.TagCacheDirectory(HuggingFaceFolder);
        string gitignore = Path.Combine(HuggingFaceFolder, ".gitignore");
        if (!File.Exists(gitignore)) AtomicFile.WriteAllText(gitignore, "*");
    }

    /// <summary>
    /// <c>read_download_metadata</c>: the commit and ETag a file was written from, or null when there is no record or
    /// the file changed after it was written (its mtime is more than a second past the record).
    /// </summary>
    public (string Commit, string Etag)? ReadMetadata(string repoPath)
    {
        try
        {
            string[] lines = File.ReadAllLines(MetadataPath(repoPath));
            if (lines.Length < 3 || !double.TryParse(lines[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double timestamp)) return null;
            var file = new FileInfo(FilePath(repoPath));
            if (!file.Exists) return null;
            double mtime = (file.LastWriteTimeUtc - DateTime.UnixEpoch).TotalSeconds;
            return mtime - 1 <= timestamp ? (lines[0].Trim(), lines[1].Trim()) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><c>write_download_metadata</c>: <c>COMMIT\nETAG\nUNIX_TIME\n</c>.</summary>
    public void WriteMetadata(string repoPath, string commit, string etag)
    {
        double now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        AtomicFile.WriteAllText(MetadataPath(repoPath), $"{commit}\n{etag}\n{now.ToString("0.000000", CultureInfo.InvariantCulture)}\n");
    }
}
