using System.Globalization;
using System.Text.RegularExpressions;
using Wren.Data.Curation.Pii;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Finds the tasks the data's structure supports, from what the observers saw: label-like columns beside text in
/// tables, ticket tables, question/answer and knowledge-base tables, mail lists (List-Id, X-Folder) and mail
/// folders, spam (a Junk folder, or spam-like traffic where nothing labels it), reply pairs, reference documents for
/// grounded answers, and fields that recur across similar documents. Classification candidates get a measured
/// baseline; every candidate gets what Wren would build, and the command that builds it where a builder exists.
/// </summary>
internal sealed partial class CandidateFinder(ExploreOptions options, ITextBaseline baseline, ExploreCosts costs, double bytesPerToken, double curatedTokens, double analysedFraction, IProgressSink progress)
{
    private static readonly string[] LabelHints = ["queue", "priority", "product", "category", "status", "label", "type", "team", "department", "tag", "topic", "severity", "class", "group", "intent", "sentiment", "author"];
    private static readonly string[] TitleNames = ["subject", "title", "summary", "question", "headline", "name"];
    private static readonly string[] QuestionNames = ["question", "q", "query", "prompt", "faq"];
    /// <summary>More folders than this are an archive's layout (years, copies), not classes a model would learn.</summary>
    private const int MaxLabels = 50;

    /// <summary>Baselines measured, for the most promising candidates; the rest say so (each takes seconds to a minute).</summary>
    private const int MaxBaselines = 8;

    /// <summary>Candidates listed, most promising first.</summary>
    private const int MaxCandidates = 30;

    private static readonly PiiDetector Pii = new(new PiiOptions());
    private readonly List<TaskCandidateReport> _found = [];
    private readonly List<(string Title, Func<CancellationToken, BaselineResult> Measure, int Index)> _baselines = [];

    /// <summary>Each measured baseline's wall and CPU seconds, in the order measured.</summary>
    public List<PhaseTiming> BaselineTimings { get; } = [];

    public IReadOnlyList<TaskCandidateReport> Find(MailObserver mail, RecordObserver records, AnalysisTotals totals, CancellationToken cancellationToken)
    {
        // Files of one schema (monthly exports, one file per team) are one table, and so is one table in several SQLite files.
        foreach (var group in records.Tables.Values.OrderBy(t => t.Source, StringComparer.Ordinal)
                     .GroupBy(t => t.Source.Split("!/") is [_, var inner] ? $"sqlite:{inner}:{t.SchemaKey}" : t.SchemaKey, StringComparer.Ordinal))
            Tables(TableState.Merge(group.ToList()));
        MailLists(mail);
        MailFolders(mail);
        Spam(mail);
        Replies(mail);
        Reference(totals);
        Fields(totals);

        var measured = _baselines.OrderByDescending(b => _found[b.Index].Score).ThenBy(b => b.Index).Take(MaxBaselines).ToList();
        foreach (var (_, _, index) in _baselines.Except(measured))
            _found[index] = _found[index] with { Note = (_found[index].Note is { } n ? n + " " : "") + $"Baseline not measured: only the {MaxBaselines} most promising candidates are." };
        using (var task = progress.Begin("baselines", measured.Count, "tasks"))
        {
            foreach (var (title, measure, index) in measured)
            {
                task.SetStatus(title);
                var clock = new PhaseClock();
                try
                {
                    var result = measure(cancellationToken);
                    _found[index] = _found[index] with { Baseline = result, Lift = LiftEstimator.Estimate(result, _found[index].Examples) };
                    clock.Mark("baseline: " + title);
                    BaselineTimings.AddRange(clock.Phases);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _found[index] = _found[index] with { Note = (_found[index].Note is { } n ? n + " " : "") + $"The baseline could not be measured: {e.Message}" };
                }

                task.Increment(1);
            }
        }

        return _found.OrderByDescending(c => c.Score).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Source, StringComparer.Ordinal).Take(MaxCandidates).ToList();
    }

    private void Tables(TableState table)
    {
        if (table.Rows < options.MinPerLabel * 2 || table.TextLength / table.Rows < 10) return;
        bool prose = table.TextLength / table.Rows >= 40;
        string textColumn = TextColumns.Resolve(table);
        string name = Slug(Path.GetFileNameWithoutExtension(table.Source.Split("!/")[0]) + (table.Source.Contains("!/", StringComparison.Ordinal) ? "-" + table.Source.Split("!/")[1] : ""));
        var titles = table.Columns.Values.Where(c => TitleNames.Contains(c.Name.ToLowerInvariant()) && c.Filled >= table.Rows / 2 && c.MeanLength >= 8).ToList();
        string input = string.Join("\\n\\n", titles.Select(c => "{" + c.Name + "}").Append("{" + textColumn + "}"));
        double meanTokens = (table.TextLength / table.Rows + titles.Sum(c => c.MeanLength)) / bytesPerToken;

        bool anyLabel = false;
        foreach (var column in table.Columns.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (!IsLabelLike(column, table.Rows)) continue;
            var kept = column.Values.Where(p => p.Value >= options.MinPerLabel).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (kept.Count < 2) continue;
            anyLabel = true;
            bool rare = kept.Count < column.Values.Count;
            long examples = rare ? column.Filled : kept.Values.Sum();
            var labels = Order(rare ? kept.Append(new KeyValuePair<string, long>("other", column.Values.Where(p => p.Value < options.MinPerLabel).Sum(p => p.Value))) : kept);
            string command = RecordsCommand(table, input, column.Name, rare, $"{name}-{Slug(column.Name)}");
            double hint = LabelHints.Any(h => column.Name.Contains(h, StringComparison.OrdinalIgnoreCase)) ? 1 : 0.85;
            Add(new TaskCandidateReport
            {
                Kind = "classify-records",
                Source = Shown(table),
                Title = $"classify {Path.GetFileName(table.Source)} rows by '{column.Name}' ({labels.Count} labels) from {(titles.Count > 0 ? string.Join(" and ", titles.Select(t => t.Name)) + " and " : "")}{textColumn}",
                Examples = examples,
                Labels = labels,
                Build = costs.ForTask(examples, meanTokens, curatedTokens),
                Command = command,
                Note = rare ? $"{column.Values.Count - kept.Count} label(s) have fewer than {options.MinPerLabel} examples; the command merges them into 'other'." : null,
                Score = hint * Size(examples),
            }, ct => baseline.Evaluate(RecordExamples(table, column.Name, titles, kept.Keys.ToHashSet(StringComparer.Ordinal), rare), options.Folds, options.Seed, ct));
        }

        string lower = table.Source.ToLowerInvariant();
        var question = table.Columns.Values.FirstOrDefault(c => QuestionNames.Contains(c.Name.ToLowerInvariant()) || (c.Filled > 0 && c.Questions >= 0.3 * c.Filled && c.MeanLength >= 10));
        bool knowledgeBase = KnowledgeBase().IsMatch(lower) && titles.Count > 0;
        if (!prose)
        {
            return;
        }

        if (question is not null || knowledgeBase)
        {
            string pair = question is not null ? $"'{question.Name}' with '{textColumn}'" : $"'{titles[0].Name}' with '{textColumn}'";
            Add(new TaskCandidateReport
            {
                Kind = "qa-records",
                Source = Shown(table),
                Title = question is not null ? $"answer questions: {table.Rows} question/answer records ({pair})" : $"answer from a knowledge base: {table.Rows} articles ({pair}) to ground answers in",
                Examples = table.Rows,
                Build = costs.ForTask(table.Rows, meanTokens, curatedTokens),
                Note = "No `wren task data` builder makes question answering yet (issue 20: replies, answers and extracted fields); the records are ready for it.",
                Score = 0.6 * Size(table.Rows),
            });
        }
        else if (TicketTable().IsMatch(lower) || (titles.Count > 0 && table.Columns.Keys.Any(k => Requester().IsMatch(k))))
        {
            Add(new TaskCandidateReport
            {
                Kind = "ticket-records",
                Source = Shown(table),
                Title = $"support tickets: {table.Rows} records with {string.Join(", ", titles.Select(t => t.Name).Append(textColumn))}" +
                        (anyLabel ? "" : " and no queue, priority or product column"),
                Examples = table.Rows,
                Build = costs.ForTask(table.Rows, meanTokens, curatedTokens),
                Note = anyLabel ? "Their label columns are listed as classify-records candidates." :
                    $"Label a few hundred of them (a 'queue' or 'priority' column) and `{RecordsCommand(table, input, "queue", false, name)}` builds a router; their text also pretrains the task model.",
                Score = 0.65 * Size(table.Rows),
            });
        }
    }

    private static string RecordsCommand(TableState table, string input, string label, bool rare, string name)
    {
        // --connection takes one database: a table in several files is built from the first (the note says how many more).
        if (table.Source.Split("!/") is [var file, var inner]) return TaskDataCommands.SqliteTable(file, inner, input, label, rare, name);
        if (table.Members.Count <= 1) return TaskDataCommands.Records(table.Source, input, label, rare, name);
        var names = table.Members.Select(Path.GetFileName).Distinct(StringComparer.Ordinal).ToList();
        string include = names.Count == 1 ? "**/" + names[0] : "**/*" + Path.GetExtension(table.Source);
        return TaskDataCommands.Records(CommonFolder(table.Members), input, label, rare, name, include);
    }

    /// <summary>A table's name for people: the file, or the folder and how many files of the same columns.</summary>
    private static string Shown(TableState table) =>
        table.Members.Count <= 1 ? table.Source
        : table.Source.Contains("!/", StringComparison.Ordinal) ? $"{table.Source} (and {table.Members.Count - 1} more files with this table)"
        : $"{CommonFolder(table.Members)} ({table.Members.Count} files with the columns of {Path.GetFileName(table.Source)})";

    private static bool IsLabelLike(ColumnState column, long rows)
    {
        if (column.Capped || column.Values.Count < 2 || column.Filled < rows / 2) return false;
        if (column.MeanLength > 40 || column.Dates > column.Filled / 2) return false;
        if (column.Values.Count > Math.Max(2, Math.Min(50, rows / 5))) return false;
        // Numbers with many values (counts, amounts, ids) are not labels; a few numeric codes may be.
        if (column.Numbers > column.Filled / 2 && column.Values.Count > 10) return false;
        long top = column.Values.Values.Max();
        return top < 0.95 * column.Filled;
    }

    private List<(string, string)> RecordExamples(TableState table, string label, IReadOnlyList<ColumnState> titles, HashSet<string> kept, bool rare)
    {
        var examples = new List<(string, string)>();
        foreach (var row in table.Sample)
        {
            if (!row.Values.TryGetValue(label, out string? value)) continue;
            if (!kept.Contains(value))
            {
                if (!rare) continue;
                value = "other";
            }

            string text = string.Join("\n\n", titles.Select(t => row.Values.GetValueOrDefault(t.Name, "")).Append(row.Text));
            examples.Add((text, value));
        }

        return Cap(examples);
    }

    private void MailLists(MailObserver mail)
    {
        foreach (var (header, counts) in new[] { ("List-Id", mail.Lists), ("X-Folder", mail.XFolders) })
        {
            var kept = counts.Where(p => p.Value >= options.MinPerLabel).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (kept.Count < 2) continue;
            bool rare = kept.Count < counts.Count;
            string folder = header == "List-Id" ? mail.ListFolder : CommonFolder(mail.Sample.Where(s => s.XFolder is not null).Select(s => s.Source).ToList());
            long examples = kept.Values.Sum();
            string name = header == "List-Id" ? "mail-lists" : "mail-folders";
            Add(new TaskCandidateReport
            {
                Kind = "route-mail",
                Source = folder,
                Title = $"route mail to its {(header == "List-Id" ? "mailing list" : "folder")} by content ({kept.Count} {(header == "List-Id" ? "lists" : "folders")}, from the {header} header)",
                Examples = examples,
                Labels = Order(kept),
                Build = costs.ForTask(examples, MailTokens(mail), curatedTokens),
                Command = TaskDataCommands.MailHeader(folder, header, rare, name),
                Note = (rare ? $"{counts.Count - kept.Count} {header} value(s) with fewer than {options.MinPerLabel} messages are left out (--rare drop). " : "") +
                       "The header, list footers and subject tags are taken out of the inputs, so the model must route by content.",
                Score = Size(examples),
            }, ct => baseline.Evaluate(Cap(mail.Sample.Select(s => (s, Label: header == "List-Id" ? s.ListId : s.XFolder))
                .Where(p => p.Label is not null && kept.ContainsKey(p.Label))
                .Select(p => (ListLeaks.Strip(p.s.Subject, p.s.Body, p.Label!), p.Label!)).ToList()), options.Folds, options.Seed, ct));
        }
    }

    /// <summary>
    /// Mail sorted into folders: spam filtering where a level of folders has a Junk/Spam folder, and routing at the
    /// level with the most mail without one. Both are looked for, so a level above the mailboxes (years, exports,
    /// copies) that holds the most mail does not hide the Junk folder below it.
    /// </summary>
    private void MailFolders(MailObserver mail)
    {
        var levels = mail.FoldersByRoot
            .Select(p => (Root: p.Key, Kept: p.Value.Where(c => c.Value >= options.MinPerLabel).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal), All: p.Value))
            .Where(p => p.Kept.Count is >= 2 and <= MaxLabels)
            .OrderByDescending(p => p.Kept.Values.Sum()).ThenByDescending(p => p.Root.Length).ThenBy(p => p.Root, StringComparer.Ordinal)
            .ToList();
        foreach (bool spam in new[] { true, false })
        {
            var best = levels.FirstOrDefault(p => p.Kept.Keys.Any(k => SpamFolder().IsMatch(k)) == spam);
            if (best.Root is not null) FolderCandidate(mail, best.Root, best.Kept, best.All, spam);
        }
    }

    private void FolderCandidate(MailObserver mail, string root, Dictionary<string, long> kept, Dictionary<string, long> all, bool spam)
    {
        bool rare = kept.Count < all.Count;
        var maps = spam ? kept.Keys.Where(k => SpamFolder().IsMatch(k)).Select(k => $"{k}=spam").Append("*=ham").ToList() : [];
        Func<string, string> label = spam ? (string folder) => SpamFolder().IsMatch(folder) ? "spam" : "ham" : (string folder) => folder;
        var labels = kept.GroupBy(p => label(p.Key)).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        long examples = labels.Values.Sum();
        Add(new TaskCandidateReport
        {
            Kind = spam ? "spam" : "route-mail",
            Source = root,
            Title = spam ? $"flag spam: the {string.Join(", ", kept.Keys.Where(k => SpamFolder().IsMatch(k)))} folder against the rest" : $"route mail to its folder ({kept.Count} folders under {root})",
            Examples = examples,
            Labels = Order(labels),
            Build = costs.ForTask(examples, MailTokens(mail), curatedTokens),
            Command = TaskDataCommands.Folders(root, maps, rare && !spam, spam ? "spam" : "mail-by-folder"),
            Score = Size(examples),
        }, ct => baseline.Evaluate(Cap(mail.Sample
            .Select(s => (s, Folder: s.Folders.FirstOrDefault(f => f.Root == root).Child))
            .Where(p => p.Folder is not null && kept.ContainsKey(p.Folder))
            .Select(p => (p.s.Subject + "\n\n" + p.s.Body, label(p.Folder))).ToList()), options.Folds, options.Seed, ct));
    }

    /// <summary>Where nothing labels spam, how much of the mail looks like it (never used as labels).</summary>
    private void Spam(MailObserver mail)
    {
        if (_found.Any(c => c.Kind == "spam") || mail.Messages < options.MinPerLabel * 2 || mail.SpamLike < options.MinPerLabel) return;
        string folder = CommonFolder(mail.Sample.Select(s => s.Source).ToList());
        Add(new TaskCandidateReport
        {
            Kind = "spam",
            Source = folder,
            Title = $"flag spam: {mail.SpamLike} of {mail.Messages} messages look like unsolicited bulk mail",
            Examples = mail.Messages,
            Labels = Order(new Dictionary<string, long> { ["spam-like"] = mail.SpamLike, ["other"] = mail.Messages - mail.SpamLike }),
            Build = costs.ForTask(mail.Messages, MailTokens(mail), curatedTokens),
            Command = TaskDataCommands.Folders(folder, ["junk=spam", "*=ham"], false, "spam"),
            Note = "No folder or header labels spam here; the counts are Wren's estimate from spam-filter signals (bulk-offer phrases, removal footers, " +
                   "HTML-only bodies, shouting subjects; replies and list mail never count), not labels, so no baseline is measured. " +
                   $"spam-like.txt beside this report lists them: review, file the spam (or the mail client's Junk folder) under {folder}/junk and the rest under {folder}/inbox, then run the command.",
            Score = 0.8 * Size(mail.SpamLike),
        });
    }

    private void Replies(MailObserver mail)
    {
        long pairs = mail.ReplyPairs();
        if (pairs < options.MinPerLabel) return;
        Add(new TaskCandidateReport
        {
            Kind = "reply-pairs",
            Source = CommonFolder(mail.Sample.Select(s => s.Source).ToList()),
            Title = $"draft replies: {pairs} message/reply pairs ({mail.RepliesWithParent} replies whose message is in the data, {mail.QuotedReplies} replies that quote what they answer)",
            Examples = pairs,
            Build = costs.ForTask(pairs, 2 * MailTokens(mail), curatedTokens),
            Note = "No `wren task data` builder makes reply pairs yet (issue 20: replies, answers and extracted fields).",
            Score = 0.7 * Size(pairs),
        });
    }

    private void Reference(AnalysisTotals totals)
    {
        if (totals.ReferenceDocuments < 5) return;
        double scale = 1 / Math.Max(1e-9, analysedFraction);
        Add(new TaskCandidateReport
        {
            Kind = "grounded-qa",
            Source = string.Join(", ", options.Sources),
            Title = $"answer questions grounded in {totals.ReferenceDocuments * scale:0} documents of 300 words or more ({ExploreCosts.Human(totals.ReferenceBytes / bytesPerToken)} tokens) that curation keeps",
            Examples = (long)Math.Round(totals.ReferenceDocuments * scale),
            Note = "Reference text for grounded answers: questions need writing (by people or a teacher model, issue 20) before a task can be built.",
            Score = 0.45 * Size(totals.ReferenceDocuments),
        });
    }

    private void Fields(AnalysisTotals totals)
    {
        foreach (var (family, state) in totals.Families.OrderByDescending(f => f.Value.Documents).Take(5))
        {
            if (state.Documents < 20) continue;
            var recurring = FieldFamily.FieldNames.Select((n, i) => (n, Share: (double)state.WithField[i] / state.Documents)).Where(p => p.Share >= 0.5 && p.n != "date").ToList();
            if (recurring.Count == 0) continue;
            int at = family.IndexOf('@', StringComparison.Ordinal);
            Add(new TaskCandidateReport
            {
                Kind = "extract-fields",
                Source = family[(at + 1)..],
                Title = $"extract fields from {state.Documents} {family[..at]} documents: " + string.Join(", ", recurring.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.n} in {p.Share:P0}"))),
                Examples = state.Documents,
                Note = "No `wren task data` builder makes extraction examples yet (issue 20); the fields recur in most of these documents.",
                Score = 0.4 * Size(state.Documents),
            });
        }
    }

    private void Add(TaskCandidateReport candidate, Func<CancellationToken, BaselineResult>? measure = null)
    {
        _found.Add(candidate);
        if (measure is not null && options.MeasureBaselines) _baselines.Add((candidate.Title, measure, _found.Count - 1));
    }

    private List<(string, string)> Cap(List<(string Text, string Label)> examples)
    {
        if (examples.Count <= options.BaselineExamples) return examples;
        var random = new Random((int)(options.Seed & 0x7fffffff));
        var copy = examples.ToArray();
        random.Shuffle(copy);
        return copy.Take(options.BaselineExamples).ToList();
    }

    private double MailTokens(MailObserver mail) =>
        mail.Sample.Count == 0 ? 0 : mail.Sample.Average(s => s.Subject.Length + s.Body.Length) / bytesPerToken;

    /// <summary>The deepest folder holding all the given sources (files or <c>file#part</c>).</summary>
    internal static string CommonFolder(IReadOnlyList<string> sources)
    {
        if (sources.Count == 0) return ".";
        string[]? common = null;
        foreach (string source in sources)
        {
            int hash = source.IndexOf('#', StringComparison.Ordinal);
            string[] parts = (hash >= 0 ? source[..hash] : source).Replace('\\', '/').Split('/')[..^1];
            if (common is null)
            {
                common = parts;
                continue;
            }

            int n = 0;
            while (n < common.Length && n < parts.Length && common[n] == parts[n]) n++;
            common = common[..n];
        }

        return common is { Length: > 0 } ? string.Join('/', common) : ".";
    }

    /// <summary>0-1, growing with the log of the example count: 10 examples 0.33, 100 0.67, 1,000 and more 1.</summary>
    private static double Size(long examples) => Math.Clamp(Math.Log10(Math.Max(1, examples)) / 3, 0, 1);

    /// <summary>Counts per label, most first, with any personal data in a label's name masked (a label column of addresses shows no address).</summary>
    private static IReadOnlyDictionary<string, long> Order(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var masked = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            string name = PiiDetector.Redact(k, Pii.Find(k));
            // Masked labels stay apart: "<EMAIL> 1", "<EMAIL> 2", in order of size.
            if (name != k)
            {
                int n = 1;
                while (masked.ContainsKey($"{name} {n}")) n++;
                name = $"{name} {n}";
            }

            masked[name] = v;
        }

        var ordered = new OrderedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (k, v) in masked.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)) ordered[k] = v;
        return ordered;
    }

    private static string Slug(string text) => Regex.Replace(text.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    [GeneratedRegex(@"(^|[\\/._\-!])(kb|faq|faqs|knowledge|articles?|wiki|help|docs?)([\\/._\-]|$)")]
    private static partial Regex KnowledgeBase();

    [GeneratedRegex(@"(ticket|issue|case|support|request|incident|helpdesk)")]
    private static partial Regex TicketTable();

    [GeneratedRegex(@"^(customer|requester|reporter|client|user|from|email|sender)$", RegexOptions.IgnoreCase)]
    private static partial Regex Requester();

    [GeneratedRegex(@"^(spam|junk|bulk)", RegexOptions.IgnoreCase)]
    private static partial Regex SpamFolder();
}
