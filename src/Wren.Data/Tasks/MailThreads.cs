using System.Text.RegularExpressions;

namespace Wren.Data.Tasks;

/// <summary>
/// Groups messages into threads so that a thread never straddles two splits: two messages are in one thread when one
/// replies to the other (Message-ID, In-Reply-To, References) or when their subjects are the same once "Re:", "Fwd:"
/// and bracketed tags are taken off (the fallback mail clients use; subjects under eight characters are too common
/// to join on). Union-find over those keys.
/// </summary>
internal sealed partial class MailThreads
{
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

    /// <summary>Records a message's keys; returns the key its group is named by (see <see cref="GroupOf"/>).</summary>
    public string Add(string source, MailMessageFields message)
    {
        string self = "doc:" + source;
        Find(self);
        foreach (string id in MessageIds(message)) Union(self, "msg:" + id);
        string subject = NormalizeSubject(message.Subject);
        if (subject.Length >= 8) Union(self, "subject:" + subject);
        return self;
    }

    /// <summary>The thread of a key returned by <see cref="Add"/>.</summary>
    public string GroupOf(string key) => Find(key);

    /// <summary>The subject without reply/forward prefixes and bracketed tags, lower-case, single-spaced.</summary>
    public static string NormalizeSubject(string subject)
    {
        string s = subject.Trim();
        while (true)
        {
            string before = s;
            s = ReplyPrefix().Replace(s, "");
            s = LeadingTag().Replace(s, "");
            if (s == before) break;
        }

        return Whitespace().Replace(s, " ").Trim().ToLowerInvariant();
    }

    private static IEnumerable<string> MessageIds(MailMessageFields message)
    {
        foreach (string field in new[] { "message_id", "in_reply_to" })
        {
            if (message.Field(field) is { Length: > 0 } id) yield return id.Trim('<', '>', ' ');
        }

        if (message.Headers.TryGetValue("references", out string? references))
        {
            foreach (Match m in AngleId().Matches(references)) yield return m.Groups[1].Value;
        }
    }

    private string Find(string key)
    {
        if (!_parent.TryGetValue(key, out string? parent))
        {
            _parent[key] = key;
            return key;
        }

        while (parent != key)
        {
            string grand = _parent[parent];
            _parent[key] = grand;
            key = parent;
            parent = grand;
        }

        return key;
    }

    private void Union(string a, string b)
    {
        string ra = Find(a), rb = Find(b);
        if (ra == rb) return;
        // The smaller key becomes the root, so the group's name does not depend on the order of union calls.
        if (string.CompareOrdinal(ra, rb) < 0) _parent[rb] = ra;
        else _parent[ra] = rb;
    }

    [GeneratedRegex(@"^\s*((re|fw|fwd|aw|sv)(\[\d+\])?\s*:\s*)", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();

    [GeneratedRegex(@"^\s*\[[^\]]{1,40}\]\s*")]
    private static partial Regex LeadingTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<([^<>\s]+)>")]
    private static partial Regex AngleId();
}
