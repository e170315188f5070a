using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Wren.Runtime.Hub;

/// <summary>
/// A model on the Hugging Face hub as a user names it: <c>ORG/NAME</c>, optionally <c>@REVISION</c> (a branch,
/// tag or commit hash; <c>main</c> by default) and <c>:FILE</c> for one file of the repository (a GGUF file, say).
/// </summary>
public sealed partial record HubModelReference
{
    /// <summary>The hub's default branch, as huggingface_hub's <c>constants.DEFAULT_REVISION</c>.</summary>
    public const string DefaultRevision = "main";

    public HubModelReference(string repoId, string? revision = null, string? fileName = null)
    {
        if (!IsValidRepoId(repoId)) throw new WrenException($"'{repoId}' is not a Hugging Face repository id (ORG/NAME: letters, digits, '-', '_', '.'; no '--' or '..')");
        if (revision is { Length: 0 }) throw new WrenException($"'{repoId}@' names no revision");
        if (fileName is not null) HubCacheLayout.ValidateRepoPath(fileName);
        RepoId = repoId;
        Revision = revision ?? DefaultRevision;
        FileName = fileName;
    }

    /// <summary><c>ORG/NAME</c>.</summary>
    public string RepoId { get; }

    /// <summary>A branch, tag or commit hash.</summary>
    public string Revision { get; }

    /// <summary>One file of the repository (a path with '/'), or null for the whole snapshot.</summary>
    public string? FileName { get; }

    /// <summary>Whether <see cref="Revision"/> is a full commit hash, which never moves (no need to ask the hub what it points at).</summary>
    public bool RevisionIsCommit => CommitHash().IsMatch(Revision);

    /// <summary>Parses <c>ORG/NAME[@REVISION][:FILE]</c>.</summary>
    public static HubModelReference Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new WrenException($"'{text}' is not a hub model (ORG/NAME, ORG/NAME@REVISION or ORG/NAME:FILE.gguf)");

    public static bool TryParse(string? text, [NotNullWhen(true)] out HubModelReference? reference)
    {
        reference = null;
        if (string.IsNullOrEmpty(text)) return false;
        Match m = ReferenceSyntax().Match(text);
        if (!m.Success) return false;
        string repoId = m.Groups["repo"].Value;
        if (!IsValidRepoId(repoId)) return false;
        string? revision = m.Groups["rev"].Success ? m.Groups["rev"].Value : null;
        string? file = m.Groups["file"].Success ? m.Groups["file"].Value : null;
        if (file is not null && !HubCacheLayout.IsSafeRepoPath(file)) return false;
        reference = new HubModelReference(repoId, revision, file);
        return true;
    }

    public override string ToString() =>
        RepoId + (Revision == DefaultRevision ? "" : "@" + Revision) + (FileName is null ? "" : ":" + FileName);

    /// <summary>huggingface_hub's <c>validate_repo_id</c> for a namespaced id; the namespace is required here so
    /// that a bare word stays a local path.</summary>
    private static bool IsValidRepoId(string repoId) =>
        RepoIdSyntax().IsMatch(repoId) && !repoId.Contains("--", StringComparison.Ordinal) && !repoId.Contains("..", StringComparison.Ordinal)
        && !repoId.EndsWith(".git", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<repo>[^/@:\s]+/[^/@:\s]+)(@(?<rev>[^:\s]+))?(:(?<file>[^\s]+))?$")]
    private static partial Regex ReferenceSyntax();

    [GeneratedRegex(@"^\w(?:[\w\-.]{0,94}\w)?/\w(?:[\w\-.]{0,94}\w)?$")]
    private static partial Regex RepoIdSyntax();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    internal static partial Regex CommitHash();
}
