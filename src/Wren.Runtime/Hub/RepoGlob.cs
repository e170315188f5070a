using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Runtime.Hub;

/// <summary>
/// <c>--include</c> patterns as huggingface_hub's <c>filter_repo_objects</c> matches them: Python's
/// <c>fnmatch.fnmatchcase</c> over the whole repository path, where <c>*</c> also crosses '/', and a pattern
/// ending in '/' means everything under that folder. Hand-written because .NET's globbing libraries treat
/// <c>*</c> as stopping at '/', which would select different files than <c>hf download --include</c>.
/// </summary>
internal sealed class RepoGlob
{
    private readonly Regex[] _patterns;

    public RepoGlob(IEnumerable<string> patterns)
    {
        _patterns = patterns.Select(p => p.Replace('\\', '/')).Select(p => p.EndsWith('/') ? p + "*" : p).Select(Translate).ToArray();
    }

    /// <summary>True when no pattern was given (everything is included).</summary>
    public bool IsEmpty => _patterns.Length == 0;

    public bool Includes(string repoPath)
    {
        if (_patterns.Length == 0) return true;
        string path = repoPath.Replace('\\', '/');
        foreach (Regex r in _patterns)
        {
            if (r.IsMatch(path)) return true;
        }
        return false;
    }

    /// <summary>Python's <c>fnmatch.translate</c>: <c>*</c>, <c>?</c>, <c>[seq]</c>, <c>[!seq]</c>; an unclosed '[' is literal.</summary>
    internal static Regex Translate(string pattern)
    {
        var sb = new StringBuilder("^");
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i++];
            switch (c)
            {
                case '*':
                    sb.Append(".*");
                    while (i < pattern.Length && pattern[i] == '*') i++;
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    int j = i;
                    if (j < pattern.Length && pattern[j] == '!') j++;
                    if (j < pattern.Length && pattern[j] == ']') j++;
                    while (j < pattern.Length && pattern[j] != ']') j++;
                    if (j >= pattern.Length)
                    {
                        sb.Append(@"\[");
                        break;
                    }
                    string set = pattern[i..j].Replace(@"\", @"\\", StringComparison.Ordinal);
                    i = j + 1;
                    if (set.Length == 0)
                    {
                        sb.Append("(?!)");
                    }
                    else if (set == "!")
                    {
                        sb.Append('.');
                    }
                    else
                    {
                        if (set[0] == '!') set = "^" + set[1..];
                        else if (set[0] == '^') set = @"\" + set;
                        sb.Append('[').Append(set.Replace("[", @"\[", StringComparison.Ordinal)).Append(']');
                    }
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        sb.Append(@"\z");
        return new Regex(sb.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }
}
