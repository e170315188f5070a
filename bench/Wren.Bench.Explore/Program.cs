using System.Diagnostics;
using System.Globalization;
using Wren.Data.Sources;
using Wren.Pipeline.Explore;

// wren explore's speed on a gigabyte of mixed sources: samples/acme (mail, an mbox, documents in five formats,
// CSV/JSONL/Parquet/SQLite records, archives) copied into copy-NNN/ folders until the folder holds --mb
// megabytes. Beside it, in the same run, the floor explore cannot beat: the same sources read by the ingest readers
// with nothing else done (DocumentSources, as wren ingest reads them). Prints wall and CPU seconds, MB/s and the
// ratio, and the machine's load average (the machine is shared: compare ratios, not seconds, across runs).
//
//   dotnet run -c Release --project bench/Wren.Bench.Explore -- [--mb 1024] [--analyse-mb 128] [--repeat 1]

var culture = CultureInfo.InvariantCulture;
int mb = 1024, analyseMb = 128, repeat = 1;
string? data = null;
bool readFloor = true, baselineCheck = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--mb": mb = int.Parse(args[++i], culture); break;
        case "--analyse-mb": analyseMb = int.Parse(args[++i], culture); break;
        case "--repeat": repeat = int.Parse(args[++i], culture); break;
        case "--data": data = args[++i]; break;
        case "--no-floor": readFloor = false; break;
        case "--baseline-check": baselineCheck = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

string root = FindRepositoryRoot();
string samples = Path.Combine(root, "samples", "acme");
data ??= Path.Combine(Path.GetTempPath(), "wren-bench-explore", $"mixed-{mb}mb");
long bytes = Prepare(root, samples, data, (long)mb << 20);
Console.WriteLine(string.Create(culture, $"{data}: {bytes / 1e6:0} MB, {Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Count()} files; {Environment.ProcessorCount} cores; load average {Load()}"));

string[] exclude = ["**/bad/**"];
if (baselineCheck)
{
    await BaselineCheck(Path.Combine(data, "round-000", "mail", "ham"));
    return 0;
}

for (int r = 0; r < repeat; r++)
{
    if (readFloor)
    {
        var (readSeconds, readCpu, documents) = await Measure(async () =>
        {
            long n = 0;
            await foreach (var _ in new DocumentSources([data], new SourceOptions { Exclude = exclude }).ReadAsync()) n++;
            return n;
        });
        Console.WriteLine(string.Create(culture, $"read only (ingest readers): {readSeconds,7:0.0} s wall, {readCpu,7:0.0} s CPU, {bytes / 1e6 / readSeconds,6:0.0} MB/s wall, {bytes / 1e6 / readCpu,6:0.0} MB per CPU-s, {documents:N0} documents; load average {Load()}"));
    }

    ExploreReport? report = null;
    var (exploreSeconds, exploreCpu, _) = await Measure(async () =>
    {
        report = await Explorer.RunAsync(new ExploreOptions { Sources = [data], Source = new SourceOptions { Exclude = exclude }, AnalyseBytes = (long)analyseMb << 20 });
        return report.Documents;
    });
    Console.WriteLine(string.Create(culture, $"wren explore             : {exploreSeconds,7:0.0} s wall, {exploreCpu,7:0.0} s CPU, {bytes / 1e6 / exploreSeconds,6:0.0} MB/s wall, {bytes / 1e6 / exploreCpu,6:0.0} MB per CPU-s, {report!.Documents:N0} documents, analysed {report.AnalysedFraction:P1}, {report.Candidates.Count} candidates ({report.Candidates.Count(c => c.Baseline is not null)} baselines); peak RSS {Environment.WorkingSet / 1e6:0} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB peak; load average {Load()}"));
    Console.WriteLine("where the time went (wall s, CPU s of the process; worker parts: seconds summed over the analysis threads):");
    foreach (var t in report.Timings)
        Console.WriteLine(string.Create(culture, $"  {t.Seconds,8:0.00} s {(t.CpuSeconds is { } c ? c.ToString("0.00", culture) + " CPU-s" : ""),-14} {t.Name}"));
}

return 0;

static async Task<(double Wall, double Cpu, long Result)> Measure(Func<Task<long>> work)
{
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    long result = await work();
    clock.Stop();
    process.Refresh();
    return (clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds, result);
}

// Builds the mixed set once (reused by later runs): round-NNN/ folders, each holding samples/acme without bad/ (mail,
// an mbox, documents in five formats, records, archives), the SpamAssassin corpus as .eml files in ham/ and spam/
// (as bench/Wren.Bench.Tasks/prepare-spamassassin.sh lays it out), and the SOTU speeches and Moby-Dick chapters as
// .txt documents, until the folder holds the target size. Rounds vary: every text file and message gets the round's
// number (a line, or a Subject suffix), so a copy is a near duplicate of its original, not an exact one; binary
// formats (pdf, docx, parquet, SQLite, archives) are copied as they are.
static long Prepare(string root, string samples, string data, long target)
{
    long Size() => Directory.Exists(data) ? Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
    long size = Size();
    if (size >= target) return size;
    string corpora = Environment.GetEnvironmentVariable("WREN_CORPORA") ?? Path.Combine(root, ".cache", "corpora");
    var sources = new List<(string From, string To, Kind Kind)>();
    foreach (string file in Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
    {
        string relative = Path.GetRelativePath(samples, file).Replace('\\', '/');
        if (relative.StartsWith("bad/", StringComparison.Ordinal)) continue;
        string ext = Path.GetExtension(file).ToLowerInvariant();
        sources.Add((file, Path.Combine("acme", relative), ext == ".eml" ? Kind.Mail : ext is ".txt" or ".md" ? Kind.Text : Kind.Binary));
    }

    string spam = Path.Combine(corpora, "spam-assassin", "data"), sotu = Path.Combine(corpora, "sotu", "data"), moby = Path.Combine(corpora, "moby-dick", "data");
    if (!Directory.Exists(spam) || !Directory.Exists(sotu) || !Directory.Exists(moby))
        throw new InvalidOperationException($"no corpora under {corpora}: run scripts/get-corpora.sh first");
    foreach (string group in new[] { "easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2" })
        foreach (string file in Directory.EnumerateFiles(Path.Combine(spam, group), "*.txt").Order(StringComparer.Ordinal))
            sources.Add((file, Path.Combine("mail", group.StartsWith("spam", StringComparison.Ordinal) ? "spam" : "ham", group + "-" + Path.GetFileName(file).Split('.')[0] + ".eml"), Kind.Envelope));
    foreach (string file in Directory.EnumerateFiles(sotu, "*.txt").Order(StringComparer.Ordinal))
        sources.Add((file, Path.Combine("speeches", Path.GetFileName(file)), Kind.Text));
    foreach (string file in Directory.EnumerateFiles(moby, "*.txt").Order(StringComparer.Ordinal))
        sources.Add((file, Path.Combine("moby-dick", Path.GetFileName(file)), Kind.Text));

    for (int round = 0; size < target; round++)
    {
        string folder = Path.Combine(data, $"round-{round:000}");
        if (Directory.Exists(folder)) continue;
        string staging = folder + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        foreach (var (from, to, kind) in sources)
        {
            string path = Path.Combine(staging, to);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (kind == Kind.Binary)
            {
                File.Copy(from, path);
            }
            else
            {
                string text = File.ReadAllText(from);
                // An mbox "From " envelope line is not part of an .eml file.
                if (kind == Kind.Envelope && text.StartsWith("From ", StringComparison.Ordinal)) text = text[(text.IndexOf('\n') + 1)..];
                text = kind == Kind.Text ? text + $"\n\n(Round {round}.)\n" : SubjectSuffix(text, round);
                File.WriteAllText(path, text);
            }

            size += new FileInfo(path).Length;
        }

        Directory.Move(staging, folder);
    }

    return size;
}

// The round's number at the end of the Subject line (not the start, where Re: marks a reply); round 0 as it is.
static string SubjectSuffix(string message, int round)
{
    if (round == 0) return message;
    int at = message.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase) ? 0 : message.IndexOf("\nSubject:", StringComparison.OrdinalIgnoreCase) + 1;
    int headerEnd = message.IndexOf("\n\n", StringComparison.Ordinal);
    if (at <= 0 && !message.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase) || (headerEnd >= 0 && at > headerEnd)) return message;
    int end = message.IndexOf('\n', at);
    if (end < 0) return message;
    int cut = end > 0 && message[end - 1] == '\r' ? end - 1 : end;
    return message[..cut] + $" ({round})" + message[cut..];
}

// The routing baseline explore measures on the SpamAssassin ham (List-Id, lists of 10 or more messages, list names
// taken out of the text, 1,000 messages at most), as explore runs it (L-BFGS stopped at 50 iterations or a relative
// tolerance of 1e-4), the same on one thread, and run to ML.NET's convergence as the task evaluator runs it:
// accuracy and CPU of each.
static async Task BaselineCheck(string folder)
{
    var messages = new List<(string Subject, string Body, string List)>();
    await foreach (var document in new DocumentSources([folder], new SourceOptions { MailHeaders = ["List-Id"] }).ReadAsync())
    {
        if (MailObserver.ListId((document.Metadata["headers"] as System.Text.Json.Nodes.JsonObject)?["list-id"]?.GetValue<string>()) is not { } list) continue;
        string subject = document.Metadata["subject"]?.GetValue<string>() ?? "";
        string body = document.Text.StartsWith(subject, StringComparison.Ordinal) ? document.Text[subject.Length..] : document.Text;
        messages.Add((subject, body.Length > 3000 ? body[..3000] : body, list));
    }

    var kept = messages.GroupBy(m => m.List).Where(g => g.Count() >= 10).Select(g => g.Key).ToHashSet();
    var examples = messages.Where(m => kept.Contains(m.List)).Select(m => (ListLeaks.Strip(m.Subject, m.Body, m.List), m.List)).ToArray();
    new Random(1).Shuffle(examples);
    var capped = examples.Take(1000).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder}: {capped.Count} of {examples.Length} listed messages, {kept.Count} lists; load average {Load()}"));
    foreach (var (name, baseline) in new[]
             {
                 ("one thread, 50 iterations or 1e-4", new TfIdfLogisticRegressionBaseline(threads: 1)),
                 ("explore: ML.NET's threads, 50 iterations or 1e-4", new TfIdfLogisticRegressionBaseline()),
                 ("ML.NET's threads, to convergence (1e-7)", new TfIdfLogisticRegressionBaseline(int.MaxValue, 1e-7f)),
             })
    {
        BaselineResult? result = null;
        var (wall, cpu, _) = await Measure(() =>
        {
            result = baseline.Evaluate(capped, 5, 1, CancellationToken.None);
            return Task.FromResult(0L);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44}: {wall,6:0.0} s wall, {cpu,6:0.0} s CPU; accuracy {result!.Accuracy:P1} at L2 {result.L2} (grid: {string.Join(", ", result.L2Trials.Select(t => $"{t.L2}: {t.Accuracy:P1}"))}); curve {string.Join(", ", result.Curve.Select(p => $"{p.TrainingExamples}: {p.Accuracy:P1}"))}; load average {Load()}"));
    }
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string FindRepositoryRoot()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository");
}

enum Kind
{
    Binary,
    Text,
    Mail,
    Envelope,
}
