using System.Diagnostics;
using MimeKit;
using Spectre.Console;
using Wren.Bench.Ingest;
using Wren.Data.Sources;

// Ingestion throughput: MB/s and documents/s, in wall time and per CPU second (per core), on the full
// SpamAssassin corpus (as a folder of .eml files and as one mbox) and on samples/acme. Beside Wren's
// pipeline, the same inputs through the floors it cannot beat: reading the bytes, and MimeKit parsing
// the messages with nothing else done; ratios are against those.
//
//   dotnet run -c Release --project bench/Wren.Bench.Ingest -- [--corpora DIR] [--limit N] [--threads N]
//   dotnet run -c Release --project bench/Wren.Bench.Ingest -- --encodings   (TextEncodingDetector vs UTF.Unknown)

string root = FindRepositoryRoot();
string corpora = Environment.GetEnvironmentVariable("WREN_CORPORA") ?? Path.Combine(root, ".cache", "corpora");
int? limit = null;
int maxThreads = Environment.ProcessorCount;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--corpora": corpora = args[++i]; break;
        case "--limit": limit = int.Parse(args[++i]); break;
        case "--threads": maxThreads = int.Parse(args[++i]); break;
        case "--encodings": foreach (var encodingTable in EncodingDetection.Run()) AnsiConsole.Write(encodingTable); return 0;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
string spamData = Path.Combine(corpora, "spam-assassin", "data");
if (!Directory.Exists(spamData))
{
    Console.Error.WriteLine($"SpamAssassin corpus not found at {spamData}: run scripts/get-corpora.sh first.");
    return 1;
}
string work = Path.Combine(root, ".cache", "bench-ingest");
Directory.CreateDirectory(work);
AnsiConsole.MarkupLine($"[grey]preparing the SpamAssassin corpus under {Markup.Escape(work)} ...[/]");
SpamAssassinCorpus.Layout spam = SpamAssassinCorpus.Prepare(spamData, work, limit);
string samples = Path.Combine(root, "samples", "acme");
int[] threadCounts = maxThreads > 1 ? [1, maxThreads] : [1];

var results = new List<Measurement>();
// Warm-up on the same inputs: JIT (tiered compilation promotes hot methods in the background, which
// counts as CPU time), MimeKit's and the code-page tables, so the first measured run is not charged for them.
await RunWrenAsync("warm-up", samples, 1, work);
await RunWrenAsync("warm-up", spam.EmlFolder, 1, work);
MimeKitOnly("warm-up", spam.EmlFolder);

results.Add(ReadBytes("spam-assassin (.eml)", spam.EmlFolder));
results.Add(MimeKitOnly("spam-assassin (.eml)", spam.EmlFolder));
foreach (int threads in threadCounts)
{
    results.Add(await RunWrenAsync("spam-assassin (.eml)", spam.EmlFolder, threads, work));
}
results.Add(await RunWrenAsync("spam-assassin (.mbox)", spam.Mbox, 1, work));
results.Add(ReadBytes("samples/acme", samples));
foreach (int threads in threadCounts)
{
    results.Add(await RunWrenAsync("samples/acme", samples, threads, work));
}

var table = new Table().Border(TableBorder.Rounded).Title($"[bold]ingestion throughput[/] ({spam.Messages:N0} SpamAssassin messages, {Environment.ProcessorCount} cores)");
foreach (string column in new[] { "input", "method", "threads", "files", "docs", "MB", "wall s", "CPU s", "MB/s", "docs/s", "MB/s per core", "docs/s per core", "vs MimeKit parse (per core)" })
{
    table.AddColumn(new TableColumn(column).RightAligned());
}
foreach (Measurement m in results)
{
    Measurement? mime = results.FirstOrDefault(r => r.Input == m.Input && r.Method == "MimeKit parse only");
    string ratio = mime is null ? "-" : $"{m.MegabytesPerCpuSecond / mime.MegabytesPerCpuSecond:F2}x";
    table.AddRow(m.Input, m.Method, m.Threads.ToString(), m.Files.ToString("N0"), m.Documents.ToString("N0"), (m.Bytes / 1e6).ToString("F1"),
        m.WallSeconds.ToString("F2"), m.CpuSeconds.ToString("F2"), m.MegabytesPerSecond.ToString("F1"), m.DocumentsPerSecond.ToString("N0"),
        m.MegabytesPerCpuSecond.ToString("F1"), m.DocumentsPerCpuSecond.ToString("N0"), ratio);
}
// Wide enough for every column when the output is a pipe or a log (Spectre would otherwise wrap to 80).
AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
AnsiConsole.Write(table);
AnsiConsole.MarkupLine("[grey]per core = per CPU second of this process (all threads), so the figure holds on a busy machine; " +
    "'wren ingest' includes decoding, extraction, JSON and zstd shard writing.[/]");
return 0;

static async Task<Measurement> RunWrenAsync(string input, string source, int threads, string work)
{
    string output = Path.Combine(work, "out");
    if (Directory.Exists(output))
    {
        Directory.Delete(output, recursive: true);
    }
    var (cpu, wall) = Start();
    IngestReport report = await IngestPipeline.RunAsync([source], new SourceOptions { Threads = threads }, output);
    var (cpuSeconds, wallSeconds) = Stop(cpu, wall);
    return new Measurement(input, "wren ingest", threads, report.InputFiles, report.Documents, report.InputBytes, wallSeconds, cpuSeconds);
}

static Measurement ReadBytes(string input, string folder)
{
    var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
    var (cpu, wall) = Start();
    long bytes = 0;
    foreach (string file in files)
    {
        bytes += File.ReadAllBytes(file).Length;
    }
    var (cpuSeconds, wallSeconds) = Stop(cpu, wall);
    return new Measurement(input, "read bytes only", 1, files.Length, 0, bytes, wallSeconds, cpuSeconds);
}

static Measurement MimeKitOnly(string input, string folder)
{
    var files = Directory.GetFiles(folder, "*.eml", SearchOption.AllDirectories);
    Array.Sort(files, StringComparer.Ordinal);
    var (cpu, wall) = Start();
    long bytes = 0, documents = 0;
    foreach (string file in files)
    {
        bytes += new FileInfo(file).Length;
        using MimeMessage message = MimeMessage.Load(file);
        string? body = message.TextBody ?? message.HtmlBody;
        documents += body is null ? 0 : 1;
    }
    var (cpuSeconds, wallSeconds) = Stop(cpu, wall);
    return new Measurement(input, "MimeKit parse only", 1, files.Length, documents, bytes, wallSeconds, cpuSeconds);
}

static (TimeSpan Cpu, Stopwatch Wall) Start()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    return (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew());
}

static (double Cpu, double Wall) Stop(TimeSpan cpuStart, Stopwatch wall)
{
    double wallSeconds = wall.Elapsed.TotalSeconds;
    double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
    return (Math.Max(cpuSeconds, 1e-6), Math.Max(wallSeconds, 1e-6));
}

static string FindRepositoryRoot()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")))
        {
            return dir.FullName;
        }
    }
    return Directory.GetCurrentDirectory();
}
