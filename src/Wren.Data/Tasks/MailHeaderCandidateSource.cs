using System.Text.RegularExpressions;
using Wren.Data.Sources;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>
/// Mail labelled by one of its headers (List-Id, X-Folder, a regex over To or Subject), as an organization's mail
/// already is. What reveals the label is taken out of the input: the header itself is never in it, a label read from
/// the subject is cut from the subject, list footers and lines naming the list are removed from the body
/// (<see cref="ListFooterStripper"/>), and subject tags such as "[ILUG]" are removed (from the subject and from
/// subjects quoted in the body) when they name the list or when nine in ten of the messages carrying them have the
/// same label. Messages of a thread share a split.
/// </summary>
public sealed partial class MailHeaderCandidateSource(IReadOnlyList<string> sources, MailLabelRule rule, SourceOptions? options = null, string? inputTemplate = null)
    : TaskCandidateSource
{
    /// <summary>The template used when none is given.</summary>
    public const string DefaultInputTemplate = "{subject}\\n\\n{body}";

    private readonly FieldTemplate _template = new(inputTemplate ?? DefaultInputTemplate, "--input");

    public override TaskBuilderSettings Settings => new()
    {
        Kind = "mail-headers",
        Sources = sources,
        Options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["label_header"] = rule.Header,
            ["label_regex"] = rule.Pattern ?? "",
            ["strips"] = "label header, list footers and lines naming the list, label-revealing subject tags",
        },
    };

    public override string? InputTemplate => _template.Text;

    public override async Task<List<TaskCandidate>> ReadAsync(IProgressSink? progress, CancellationToken cancellationToken)
    {
        var headers = new List<string> { rule.Header, "List-Id", "List-Post", "List-Unsubscribe", "List-Subscribe", "List-Help", "List-Archive", "List-Owner", "References" };
        var documents = new DocumentSources(sources, (options ?? new SourceOptions()) with { MailHeaders = headers });
        var messages = new List<(string Source, MailMessageFields Fields, string Label, string Matched)>();
        await foreach (var document in documents.ReadAsync(progress, cancellationToken).ConfigureAwait(false))
        {
            if (IsAttachment(document.Source))
            {
                Attachments++;
                continue;
            }

            var fields = MailMessageFields.From(document);
            if (fields is null || rule.Extract(fields.Headers.GetValueOrDefault(rule.Key)) is not { } label)
            {
                Unlabelled++;
                continue;
            }

            messages.Add((document.Source, fields, label.Label, label.Matched));
        }

        Errors = documents.Errors.Where(e => !IsAttachment(e.File)).ToList();
        var revealingTags = RevealingTags(messages.Select(m => (m.Fields.Subject, m.Label)));
        var threads = new MailThreads();
        var keys = new List<string>(messages.Count);
        foreach (var m in messages) keys.Add(threads.Add(m.Source, m.Fields));

        var candidates = new List<TaskCandidate>(messages.Count);
        for (int i = 0; i < messages.Count; i++)
        {
            var (source, fields, label, matched) = messages[i];
            var names = ListFooterStripper.ListNames(fields.Headers);
            string subject = fields.Subject;
            if (rule.ReadsSubject) subject = subject.Replace(matched, " ", StringComparison.Ordinal);
            subject = Spaces().Replace(StripTags(subject, label, names, revealingTags), " ").Trim();
            // Quoted and forwarded subjects in the body carry the same tags.
            string body = StripTags(ListFooterStripper.StripBody(fields.Body, names), label, names, revealingTags);
            var stripped = fields with { Subject = subject, Body = body };
            string input = _template.Render(stripped.Field, source, () => MailMessageFields.FieldNames).Trim();
            if (input.Length == 0)
            {
                Empty++;
                continue;
            }

            candidates.Add(new TaskCandidate(input, label, source, threads.GroupOf(keys[i])));
        }

        return candidates;
    }

    /// <summary>Subject tags (lower case) that nine in ten of the messages carrying them share one label, seen at least three times.</summary>
    internal static HashSet<string> RevealingTags(IEnumerable<(string Subject, string Label)> messages)
    {
        var byTag = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (subject, label) in messages)
        {
            foreach (Match m in Tag().Matches(subject))
            {
                string tag = m.Value.ToLowerInvariant();
                if (!byTag.TryGetValue(tag, out var labels)) byTag[tag] = labels = new(StringComparer.Ordinal);
                labels[label] = labels.GetValueOrDefault(label) + 1;
            }
        }

        var revealing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tag, labels) in byTag)
        {
            int total = labels.Values.Sum(), top = labels.Values.Max();
            if (total >= 3 && top >= 0.9 * total) revealing.Add(tag);
        }

        return revealing;
    }

    private static string StripTags(string text, string label, IReadOnlyList<string> names, HashSet<string> revealing) =>
        Tag().Replace(text, m =>
        {
            string tag = m.Value.ToLowerInvariant();
            if (revealing.Contains(tag) || tag.Contains(label, StringComparison.OrdinalIgnoreCase)) return "";
            foreach (string name in names)
                if (tag.Contains(name, StringComparison.Ordinal)) return "";
            return m.Value;
        });

    [GeneratedRegex(@"\[[^\[\]]{1,40}\]")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();
}
