using System.Globalization;
using MimeKit;
using Wren.Data.Sources;
using Wren.Runtime;

namespace Wren.Data.Tasks;

/// <summary>
/// Builds a <c>generate</c> task from mail: each message that answers another message in the sources (by
/// <c>In-Reply-To</c>, else the last <c>References</c> id) gives one example whose input is the message answered
/// (its subject, a blank line, what its sender wrote) and whose output is what the replier wrote, both without quoted
/// text, signatures and list footers (<see cref="MailReplyText"/>): "draft replies the way our support team writes
/// them". Examples of one thread share a split, so no conversation is seen in training and again in the test.
/// </summary>
public static class MailReplyPairs
{
    public const string GenerateKind = "generate";
    public const string BuilderKind = "mail-replies";
    public const string InputTemplate = "{subject}\\n\\n{message}";

    private sealed record Message(string Source, string Id, string? Parent, string? Root, string Subject, string Text);

    public static MailReplyResult Build(MailReplyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Sources.Count == 0) throw new WrenException("no mail sources given");
        var errors = new List<string>();
        var messages = new List<Message>();
        foreach (string file in Files(options.Sources))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (new FileInfo(file).Length > options.MaxFileBytes)
            {
                errors.Add($"{file}: larger than {options.MaxFileBytes} bytes, not read");
                continue;
            }

            try
            {
                foreach (var (mime, source) in MailMessageFile.Read(file, cancellationToken)) messages.Add(ToMessage(mime, source));
            }
            catch (Exception e) when (e is FormatException or IOException or ParseException or UnauthorizedAccessException)
            {
                errors.Add($"{file}: not readable as mail ({e.Message})");
            }
        }

        var byId = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach (var m in messages)
            if (m.Id.Length > 0) byId.TryAdd(m.Id, m);

        var dropped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Drop(string reason) => dropped[reason] = dropped.GetValueOrDefault(reason) + 1;
        var candidates = new List<TaskCandidate>();
        var outputs = new List<string>();
        var seen = new HashSet<(string, string)>();
        int replies = 0;
        foreach (var reply in messages)
        {
            if (reply.Parent is null || !byId.TryGetValue(reply.Parent, out var parent) || ReferenceEquals(parent, reply)) continue;
            replies++;
            if (reply.Text.Length == 0) { Drop("reply has no text of its own"); continue; }
            if (parent.Text.Length == 0) { Drop("message answered has no text of its own"); continue; }
            if (reply.Text.Length > options.MaxChars || parent.Text.Length > options.MaxChars) { Drop($"longer than {options.MaxChars} characters"); continue; }
            string input = parent.Subject.Length > 0 ? parent.Subject + "\n\n" + parent.Text : parent.Text;
            if (!seen.Add((input, reply.Text))) { Drop("duplicate pair"); continue; }
            candidates.Add(new TaskCandidate(input, "reply", reply.Source, ThreadOf(reply, byId)));
            outputs.Add(reply.Text);
        }

        var splits = TaskSplitter.Split(candidates, options.Seed, options.ValidationFraction, options.TestFraction);
        var bySplit = TaskSplits.All.ToDictionary(s => s, _ => new List<TaskExample>(), StringComparer.Ordinal);
        for (int i = 0; i < candidates.Count; i++)
            bySplit[splits[i]].Add(new TaskExample(candidates[i].Input, outputs[i], candidates[i].Source, splits[i]));

        var definition = new TaskDefinition
        {
            Name = options.Name,
            Kind = GenerateKind,
            Labels = [],
            InputTemplate = InputTemplate,
            Builder = new TaskBuilderSettings
            {
                Kind = BuilderKind,
                Sources = options.Sources.Select(Path.GetFullPath).ToList(),
                Options = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["max_chars"] = options.MaxChars.ToString(CultureInfo.InvariantCulture) },
            },
            Seed = options.Seed,
            ValidationFraction = options.ValidationFraction,
            TestFraction = options.TestFraction,
            Counts = TaskSplits.All.ToDictionary(s => s, s => (IReadOnlyDictionary<string, int>)new Dictionary<string, int> { ["reply"] = bySplit[s].Count }, StringComparer.Ordinal),
            Dropped = dropped,
        };
        return new MailReplyResult
        {
            Definition = definition,
            Train = bySplit[TaskSplits.Train],
            Validation = bySplit[TaskSplits.Validation],
            Test = bySplit[TaskSplits.Test],
            Messages = messages.Count,
            Replies = replies,
            Errors = errors,
        };
    }

    /// <summary>Builds the pairs and writes them as a task folder (task.json + train/val/test.jsonl), atomically.</summary>
    public static MailReplyResult Write(MailReplyOptions options, string folder, CancellationToken cancellationToken = default)
    {
        var result = Build(options, cancellationToken);
        TaskFolder.Write(folder, result.Definition, result.Train, result.Validation, result.Test);
        return result;
    }

    private static Message ToMessage(MimeMessage mime, string source)
    {
        string? body = mime.TextBody;
        if (body is null && mime.HtmlBody is string html) body = HtmlContentExtractor.ExtractAllText(html);
        body = TextEncodingDetector.NormalizeNewlines(body ?? "");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in mime.Headers)
            headers.TryAdd(header.Field.ToLowerInvariant(), header.Value);
        string text = MailReplyText.OwnText(body, ListFooterStripper.ListNames(headers));
        string? parent = Clean(mime.InReplyTo);
        if (parent is null && mime.References.Count > 0) parent = Clean(mime.References[^1]);
        string? root = mime.References.Count > 0 ? Clean(mime.References[0]) : null;
        return new Message(source, Clean(mime.MessageId) ?? "", parent, root, mime.Subject?.Trim() ?? "", text);
    }

    private static string? Clean(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim().Trim('<', '>');

    /// <summary>The thread's first message: the first References id, else the oldest ancestor found by walking the replies.</summary>
    private static string ThreadOf(Message reply, Dictionary<string, Message> byId)
    {
        var m = reply;
        for (int hops = 0; hops < 1000; hops++)
        {
            if (m.Root is not null) return m.Root;
            if (m.Parent is null || !byId.TryGetValue(m.Parent, out var up)) return m.Parent ?? m.Id;
            m = up;
        }

        return m.Id;
    }

    private static IEnumerable<string> Files(IReadOnlyList<string> sources)
    {
        foreach (string source in sources)
        {
            if (File.Exists(source))
            {
                yield return source;
            }
            else if (Directory.Exists(source))
            {
                var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal);
                foreach (string f in files) yield return f;
            }
            else
            {
                throw new WrenException($"{source}: no such file or folder");
            }
        }
    }
}
