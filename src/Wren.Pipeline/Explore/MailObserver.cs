using Wren.Data.Tasks;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Wren.Data.Documents;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Watches every message go by and keeps what the mail tasks need: lists (List-Id, X-Folder), folders, spam-likeness,
/// who replies to what, sender domains (never addresses) and dates; and a seeded sample of messages with their
/// labels for the baselines. Memory is bounded: per message a few hashes, plus the sample.
/// </summary>
internal sealed partial class MailObserver(IReadOnlyList<string> roots, ulong seed)
{
    /// <summary>The headers ingest is asked to record for mail (the same names the task builders read).</summary>
    public static readonly IReadOnlyList<string> Headers = ["List-Id", "X-Folder", "List-Post", "References"];

    private const int SampleSize = 6000;
    private const int SampleChars = 3000;
    private const int MaxListed = 10_000;

    private readonly Dictionary<string, long> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _xFolders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<ulong> _senders = [];
    private readonly HashSet<ulong> _messageIds = [];
    private readonly List<ulong> _parents = [];
    private readonly Dictionary<string, Dictionary<string, long>> _foldersByRoot = new(StringComparer.Ordinal);
    private string? _listFolder;
    private readonly List<string> _spamLike = [];
    private readonly Reservoir<MailSample> _sample = new(SampleSize, seed);

    public long Messages { get; private set; }

    public long Attachments { get; private set; }

    public long SpamLike { get; private set; }

    public long QuotedReplies { get; private set; }

    public long Replies { get; private set; }

    public string? FirstDate { get; private set; }

    public string? LastDate { get; private set; }

    public IReadOnlyDictionary<string, long> Lists => _lists;

    /// <summary>The first spam-like messages' sources, for a person to review before filing them as spam.</summary>
    public IReadOnlyList<string> SpamLikeSources => _spamLike;

    public IReadOnlyDictionary<string, long> XFolders => _xFolders;

    public IReadOnlyList<MailSample> Sample => _sample.Items;

    /// <summary>Folder counts under each directory that holds mail in two or more subfolders (see <see cref="Observe"/>).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, long>> FoldersByRoot => _foldersByRoot;

    /// <summary>The deepest folder holding every message that has a List-Id (kept as they go by, so memory stays flat).</summary>
    public string ListFolder => _listFolder ?? ".";

    public IReadOnlyList<NamedCount> SenderDomains => Top(_domains, 15);

    public int DistinctSenders => _senders.Count;

    public static bool IsMail(Document document) => document.Metadata["format"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "email";

    public void Observe(Document document)
    {
        if (TaskCandidateSource.IsAttachment(document.Source))
        {
            Attachments++;
            return;
        }

        Messages++;
        var m = document.Metadata;
        string subject = Text(m["subject"]) ?? "";
        string body = subject.Length > 0 && document.Text.StartsWith(subject, StringComparison.Ordinal) ? document.Text[subject.Length..].TrimStart('\n') : document.Text;
        var headers = m["headers"] as JsonObject;
        string? listId = ListId(Text(headers?["list-id"]));
        string? xFolder = Text(headers?["x-folder"])?.Trim();
        if (listId is not null)
        {
            _lists[listId] = _lists.GetValueOrDefault(listId) + 1;
            _listFolder = CandidateFinder.CommonFolder(_listFolder is null ? [document.Source] : [_listFolder + "/", document.Source]);
        }

        if (!string.IsNullOrEmpty(xFolder)) _xFolders[xFolder] = _xFolders.GetValueOrDefault(xFolder) + 1;

        if (Text(m["from"]) is { } from)
        {
            _senders.Add(Hash(from.ToLowerInvariant()));
            if (Address().Match(from) is { Success: true } address) _domains[address.Groups[1].Value] = _domains.GetValueOrDefault(address.Groups[1].Value) + 1;
        }

        if (Text(m["message_id"]) is { } id) _messageIds.Add(Hash(id.Trim('<', '>', ' ')));
        bool isReply = false;
        if (Text(m["in_reply_to"]) is { } parent)
        {
            _parents.Add(Hash(parent.Trim('<', '>', ' ')));
            isReply = true;
        }

        isReply |= ReplyPrefix().IsMatch(subject);
        bool quoted = m["has_quoted"] is JsonValue q && q.GetValueKind() == JsonValueKind.True;
        if (isReply) Replies++;
        if (isReply && quoted) QuotedReplies++;

        if (Text(m["date"]) is { Length: >= 10 } date) Dates(date);

        bool htmlOnly = Text(m["body_type"]) == "text/html";
        int score = SpamSignals.Score(subject, body, htmlOnly, isReply, listId is not null || headers?["list-post"] is not null, Text(m["to"]));
        bool spamLike = score >= SpamSignals.Threshold;
        if (spamLike)
        {
            SpamLike++;
            if (_spamLike.Count < MaxListed) _spamLike.Add(document.Source);
        }

        string? folder = null;
        foreach (var (root, child) in FolderLevels(document.Source))
        {
            if (!_foldersByRoot.TryGetValue(root, out var counts)) _foldersByRoot[root] = counts = new(StringComparer.Ordinal);
            counts[child] = counts.GetValueOrDefault(child) + 1;
            folder ??= child;
        }

        _sample.Offer(document.Id, () => new MailSample(document.Source, Cap(subject), Cap(body), listId, xFolder, spamLike, FolderLevels(document.Source).ToList()));
    }

    /// <summary>Message/reply pairs: replies whose parent is in the data, or that quote what they answer.</summary>
    public long ReplyPairs()
    {
        long withParent = _parents.Count(_messageIds.Contains);
        return Math.Max(withParent, QuotedReplies);
    }

    public long RepliesWithParent => _parents.Count(_messageIds.Contains);

    /// <summary>For a message's path, each directory above it paired with the folder under it that holds the message
    /// (an mbox counts as a folder named after it), so folder routing can be found at whatever depth it sits.</summary>
    internal IEnumerable<(string Root, string Child)> FolderLevels(string source)
    {
        int hash = source.IndexOf('#', StringComparison.Ordinal);
        string path = (hash >= 0 ? source[..hash] : source).Replace('\\', '/');
        bool mbox = path.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase);
        string[] parts = path.Split('/');
        // The containing directories (and, for an mbox, the file itself as a folder).
        int last = mbox ? parts.Length : parts.Length - 1;
        for (int i = 1; i < last; i++)
        {
            string root = string.Join('/', parts, 0, i);
            if (!Within(root)) continue;
            string child = parts[i];
            if (i == parts.Length - 1) child = child[..^".mbox".Length];
            yield return (root, child);
        }
    }

    private bool Within(string directory)
    {
        foreach (string r in roots)
        {
            string root = r.Replace('\\', '/').TrimEnd('/');
            if (directory == root || directory.StartsWith(root + "/", StringComparison.Ordinal)) return true;
        }

        return false;
    }

    private void Dates(string date)
    {
        string day = date[..10];
        if (FirstDate is null || string.CompareOrdinal(day, FirstDate) < 0) FirstDate = day;
        if (LastDate is null || string.CompareOrdinal(day, LastDate) > 0) LastDate = day;
    }

    internal static IReadOnlyList<NamedCount> Top(IReadOnlyDictionary<string, long> counts, int n) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(n).Select(p => new NamedCount(p.Key, p.Value)).ToList();

    /// <summary>List-Id's id: the part in angle brackets of <c>"Name" &lt;id&gt;</c>, else the whole value.</summary>
    internal static string? ListId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var angle = AngleId().Match(value);
        string id = (angle.Success ? angle.Groups[1].Value : value).Trim();
        return id.Length == 0 ? null : id;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string Cap(string text) => text.Length > SampleChars ? text[..SampleChars] : text;

    private static ulong Hash(string text) => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(text));

    [GeneratedRegex(@"<([^<>]+)>")]
    private static partial Regex AngleId();

    [GeneratedRegex(@"@([A-Za-z0-9.\-]+\.[A-Za-z]{2,})")]
    private static partial Regex Address();

    [GeneratedRegex(@"^\s*(re|aw|sv)\s*(\[\d+\])?\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();
}
