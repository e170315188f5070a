using System.Text.RegularExpressions;
using Wren.Data.Documents;
using Wren.Data.Sources;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tasks;

/// <summary>
/// Documents labelled by the folder they sit in, like an image-folder data set: under each root given, the first
/// folder of a file's path is its label (<c>mail/spam/0001.eml</c> → spam; an mbox file directly under the root
/// labels its messages with its name, <c>mail/Spam.mbox</c> → Spam). Files directly under a root have no label.
/// <c>--map "easy-ham-*=ham"</c> renames folders (globs with * and ?), so several folders can make one label.
/// Mail keeps its threads in one split; any other document is its own group.
/// </summary>
public sealed class FolderCandidateSource(IReadOnlyList<string> roots, IReadOnlyList<string>? map = null, SourceOptions? options = null, string? inputTemplate = null)
    : TaskCandidateSource
{
    public const string DefaultInputTemplate = "{text}";

    private readonly FieldTemplate _template = new(inputTemplate ?? DefaultInputTemplate, "--input");
    private readonly List<(Regex Pattern, string Label)> _map = ParseMap(map ?? []);

    public override TaskBuilderSettings Settings => new()
    {
        Kind = "folders",
        Sources = roots,
        Options = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["map"] = string.Join(",", map ?? []) },
    };

    public override string? InputTemplate => _template.Text;

    public override async Task<List<TaskCandidate>> ReadAsync(IProgressSink? progress, CancellationToken cancellationToken)
    {
        foreach (string root in roots)
            if (!Directory.Exists(root)) throw new WrenException($"{root}: not a folder (the folders builder labels files by the folder they sit in under a root folder)");
        var prefixes = roots.Select(r => Normalize(r).TrimEnd('/')).ToList();
        var documents = new DocumentSources(roots, (options ?? new SourceOptions()) with { MailHeaders = ["References"] });
        var threads = new MailThreads();
        var read = new List<(string Input, string Label, string Source, string Key)>();
        await foreach (var document in documents.ReadAsync(progress, cancellationToken).ConfigureAwait(false))
        {
            if (TaskCandidateSource.IsAttachment(document.Source))
            {
                Attachments++;
                continue;
            }

            string? label = LabelOf(document.Source, prefixes);
            if (label is null)
            {
                Unlabelled++;
                continue;
            }

            var mail = MailMessageFields.From(document);
            string input = (mail is not null
                ? _template.Render(mail.Field, document.Source, () => MailMessageFields.FieldNames)
                : _template.Render(name => Field(document, name), document.Source, () => FieldNames(document))).Trim();
            if (input.Length == 0)
            {
                Empty++;
                continue;
            }

            string key = mail is not null ? threads.Add(document.Source, mail) : "doc:" + document.Source;
            read.Add((input, label, document.Source, key));
        }

        Errors = documents.Errors.Where(e => !IsAttachment(e.File)).ToList();
        return read.Select(r => new TaskCandidate(r.Input, r.Label, r.Source, threads.GroupOf(r.Key))).ToList();
    }

    /// <summary>The label of a document source: the mapped name of the first folder under its root.</summary>
    internal string? LabelOf(string source, IReadOnlyList<string> prefixes)
    {
        string path = source;
        int hash = path.IndexOf('#', StringComparison.Ordinal);
        bool inContainer = hash >= 0;
        if (inContainer) path = path[..hash];
        foreach (string prefix in prefixes)
        {
            string relative;
            if (prefix is "" or ".") relative = path;
            else if (path.StartsWith(prefix + "/", StringComparison.Ordinal)) relative = path[(prefix.Length + 1)..];
            else continue;
            int slash = relative.IndexOf('/', StringComparison.Ordinal);
            string? folder = slash > 0 ? relative[..slash]
                : inContainer && relative.EndsWith(".mbox", StringComparison.OrdinalIgnoreCase) ? relative[..^".mbox".Length]
                : null;
            return folder is null ? null : Map(folder);
        }

        return null;
    }

    private string Map(string folder)
    {
        foreach (var (pattern, label) in _map)
            if (pattern.IsMatch(folder)) return label;
        return folder;
    }

    private static List<(Regex, string)> ParseMap(IReadOnlyList<string> map)
    {
        var parsed = new List<(Regex, string)>();
        foreach (string entry in map)
        {
            int eq = entry.LastIndexOf('=');
            if (eq <= 0 || eq == entry.Length - 1) throw new WrenException($"--map \"{entry}\": expected FOLDER=LABEL (FOLDER may use * and ?), e.g. \"easy-ham-*=ham\"");
            string glob = entry[..eq].Trim();
            string pattern = "^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            parsed.Add((new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase), entry[(eq + 1)..].Trim()));
        }

        return parsed;
    }

    private static string? Field(Document document, string name)
    {
        if (name.Equals("text", StringComparison.OrdinalIgnoreCase)) return document.Text;
        foreach (var (key, value) in document.Metadata)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return RecordCandidateSource.ValueText(value);
        return null;
    }

    private static IEnumerable<string> FieldNames(Document document) => ["text", .. document.Metadata.Select(p => p.Key)];

    private static string Normalize(string path)
    {
        string p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal) && p.Length > 2) p = p[2..];
        return p;
    }
}
