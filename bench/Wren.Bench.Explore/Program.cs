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
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--mb": mb = int.Parse(args[++i], culture); break;
        case "--analyse-mb": analyseMb = int.Parse(args[++i], culture); break;
        case "--repeat": repeat = int.Parse(args[++i], culture); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

string root = FindRepositoryRoot();
string samples = Path.Combine(root, "samples", "acme");
string data = Path.Combine(root, ".cache", "bench-explore", $"mixed-{mb}mb");
long bytes = Prepare(samples, data, (long)mb << 20);
Console.WriteLine(string.Create(culture, $"{data}: {bytes / 1e6:0} MB, {Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Count()} files; {Environment.ProcessorCount} cores; load average {Load()}"));

for (int r = 0; r < repeat; r++)
{
    var (readSeconds, readCpu, documents) = await Measure(async () =>
    {
        long n = 0;
        await foreach (var _ in new DocumentSources([data], new SourceOptions { Exclude = ["**/bad/**"] }).ReadAsync()) n++;
        return n;
    });
    ExploreReport? report = null;
    var (exploreSeconds, exploreCpu, _) = await Measure(async () =>
    {
        report = await Explorer.RunAsync(new ExploreOptions { Sources = [data], Source = new SourceOptions { Exclude = ["**/bad/**"] }, AnalyseBytes = (long)analyseMb << 20 });
        return report.Documents;
    });
    Console.WriteLine(string.Create(culture, $"read only (ingest readers): {readSeconds,7:0.0} s wall, {readCpu,7:0.0} s CPU, {bytes / 1e6 / readSeconds,6:0.0} MB/s, {documents:N0} documents"));
    Console.WriteLine(string.Create(culture, $"wren explore             : {exploreSeconds,7:0.0} s wall, {exploreCpu,7:0.0} s CPU, {bytes / 1e6 / exploreSeconds,6:0.0} MB/s, analysed {report!.AnalysedFraction:P1}, {report.Candidates.Count} candidates"));
    Console.WriteLine(string.Create(culture, $"explore / read           : {exploreSeconds / readSeconds:0.00}x wall; load average after {Load()}"));
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

// Copies samples/acme into copy-NNN/ until the folder holds the target size (once; reused by later runs).
static long Prepare(string samples, string data, long target)
{
    long Size() => Directory.Exists(data) ? Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
    long size = Size();
    if (size >= target) return size;
    var files = Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories).ToList();
    for (int copy = 0; size < target; copy++)
    {
        string folder = Path.Combine(data, $"copy-{copy:000}");
        if (Directory.Exists(folder)) continue;
        foreach (string file in files)
        {
            string target2 = Path.Combine(folder, Path.GetRelativePath(samples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target2)!);
            File.Copy(file, target2);
            size += new FileInfo(file).Length;
        }
    }

    return size;
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string FindRepositoryRoot()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository");
}
