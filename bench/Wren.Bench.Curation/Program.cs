using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Wren.Bench.Curation;
using Wren.Data.Curation.Dedup;
using Wren.Data.Curation.Language;
using Wren.Data.Curation.Pipeline;
using Wren.Data.Curation.Recipe;
using Wren.Data.Curation.Steps;
using Wren.Data.Curation.Text;
using Wren.Data.Documents;

// Throughput of each curation step and of the whole default recipe on SOTU + SpamAssassin, in MB/s
// per core (one thread), and peak memory. Figures are per CPU-second as well as per wall second: the
// machine may be shared. Each step is measured warm (a full pass over every document first, so the JIT
// has tiered up and scratch buffers have grown), with the first pass kept as the cold column; the
// whole recipe runs several times in the same process, the first run paying the one-time costs (JIT, model
// load), the second not.
// Usage: dotnet run -c Release -- [CORPORA_DIR] [--limit N] [--keep DIR] [--recipe-only] [--warm-runs N]
//   --keep DIR      leave the whole recipe's output in DIR (to compare two builds' outputs)
//   --recipe-only   skip the per-step and kernel measurements
//   --warm-runs N   warm runs of the whole recipe after the cold one (default 4); the cheapest is reported
//   --language-startup   only measure what constructing the language scorer costs (built vs cached table)
//   --cli PATH[,PATH]  also run PATH (a wren executable, e.g. the ReadyToRun publish) as fresh processes,
//                   `wren curate` over the same input shards, one thread: the cold run a user gets (Linux: CPU from getrusage)
//   --cli-runs N    fresh CLI processes (default 3)
//   --as-kinds      SOTU addresses as long-form documents ("text"), SpamAssassin as mail ("email"): the
//                   recipe's per-kind thresholds; by default they have no format and are judged as web crawl
string repo = FindRepoRoot();
string root = args.Length > 0 && !args[0].StartsWith("--") ? args[0]
    : new[] { Path.Combine(repo, ".cache", "corpora"), Path.Combine(repo, "bench", "Wren.Bench.Curation", "node_modules", "@stdlib") }.FirstOrDefault(Directory.Exists)
      ?? Path.Combine(repo, ".cache", "corpora");
int? limit = Option("--limit") is string l ? int.Parse(l, CultureInfo.InvariantCulture) : null;
string? keep = Option("--keep");
bool recipeOnly = args.Contains("--recipe-only");
if (args.Contains("--language-startup"))
{
    AnsiConsole.Write(LanguageStartup.Run(new CurationRecipe().Language));
    return 0;
}
if (!Directory.Exists(root))
{
    Console.Error.WriteLine($"{root}: not found. Run scripts/get-corpora.sh (or `npm install` in bench/Wren.Bench.Curation).");
    return 1;
}
string work = Path.Combine(Path.GetTempPath(), "wren-bench-curation-" + Environment.ProcessId);
string inputDir = Path.Combine(work, "input");
bool asKinds = args.Contains("--as-kinds");
var documents = CorpusLoader.Load(root, limit, asKinds).ToList();
long totalBytes = documents.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text));
var inputs = CurationInputs.Spill(documents, inputDir, 1000);
AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
    $"Corpus: {documents.Count:N0} documents, {totalBytes / 1e6:0.0} MB (SOTU + SpamAssassin{(asKinds ? ", as documents and mail" : ", as web crawl")}) from {Markup.Escape(root)}; {Environment.ProcessorCount} cores, load {Load()}"));
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 160; // tables stay readable in a log
}
var recipe = new CurationRecipe();
var rows = new List<(string Name, double Mb, double Seconds, double CpuSeconds, double ColdCpuSeconds, double AllocatedPerMb)>();
var wordKernels = new List<(string Name, double MbPerCpuSecond, string Group)>();
string? wordKernelAgreement = null;
if (!recipeOnly)
{
    // Every step measured alone over every document (not only the survivors of earlier steps), on the normalized text, one thread.
    var normalize = new NormalizeStep(recipe.Normalize);
    var normalized = documents.Select(d =>
    {
        var w = new WorkingDocument(d);
        normalize.Process(w, new StepCounters());
        return d with { Text = w.Text };
    }).Where(d => d.Text.Length > 0).ToList();
    rows.Add(Measure("normalize", documents, d => normalize.Process(new WorkingDocument(d), new StepCounters())));
    rows.Add(Measure("word tokens (shared by gopher, fineweb)", normalized, d => _ = new WorkingDocument(d).Tokens));
    rows.Add(Measure("word count (every step's words in/out, StepChain)", normalized, d => _ = WordTokenizer.CountWords(d.Text)));
    foreach (var step in StepFactory.DocumentSteps(recipe).Where(s => s.Name != "normalize"))
    {
        rows.Add(Measure(step.Name, normalized, d => step.Process(new WorkingDocument(d), new StepCounters())));
    }
    // The language step's peer: Lingua itself on the same prefixes, and whether the two agree on every document.
    var languages = recipe.Language.Candidates.Concat(recipe.Language.Keep).ToList();
    var lingua = new LinguaLanguageDetector(languages, recipe.Language.Fast);
    var scorer = new LinguaModelScorer(languages);
    string Prefix(Document d) => d.Text.Length <= recipe.Language.MaxChars ? d.Text : d.Text[..recipe.Language.MaxChars];
    // The agreement check is Lingua's warm-up pass (a pass of Lingua costs seconds; no separate cold column for it).
    int differ = normalized.Count(d => lingua.Detect(Prefix(d)) is var a && scorer.Detect(Prefix(d)) is var b && (a.Code != b.Code || Math.Abs(a.Confidence - b.Confidence) > 1e-12));
    rows.Add(Measure("  language: Lingua 2.0.0 itself (reference)", normalized, d => lingua.Detect(Prefix(d)), coldPass: false));
    rows.Add(Measure("  language: LinguaModelScorer (what the step runs)", normalized, d => scorer.Detect(Prefix(d)), coldPass: false));
    AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Language: LinguaModelScorer and Lingua differ on {differ:N0} of {normalized.Count:N0} documents (language, or confidence by more than 1e-12)."));
    var hasher = new MinHasher(recipe.Dedup.Bands * recipe.Dedup.Rows, recipe.Dedup.NGram, recipe.Dedup.Seed);
    var signature = new ulong[hasher.Permutations];
    var scratch = new List<ulong>();
    // One untimed pass over every document first: the rows are short (a fraction of a second), and
    // otherwise the background JIT still tiering up the steps above lands in their CPU time.
    foreach (var d in normalized)
    {
        hasher.Compute(d.Text, signature, scratch);
    }
    rows.Add(Measure("minhash signatures (112 permutations)", normalized, d => hasher.Compute(d.Text, signature, scratch)));
    rows.Add(Measure("  of which: word hashes only", normalized, d =>
    {
        scratch.Clear();
        MinHasher.HashWords(d.Text, scratch);
    }));
    // The word kernels against their scalar paths and the first-written references, on the same text,
    // with a check that they agree on every document.
    var tokenBuffer = new List<WordToken>();
    var referenceBuffer = new List<WordToken>();
    int tokenDiffer = 0, countDiffer = 0;
    foreach (var d in normalized)
    {
        tokenBuffer.Clear();
        referenceBuffer.Clear();
        WordTokenizer.Tokenize(d.Text, tokenBuffer);
        WordTokenizer.TokenizeReference(d.Text, referenceBuffer);
        tokenDiffer += tokenBuffer.SequenceEqual(referenceBuffer) ? 0 : 1;
        countDiffer += WordTokenizer.CountWords(d.Text) == WordTokenizer.CountWordsReference(d.Text) ? 0 : 1;
    }
    string best = WordTokenizer.BestKernel.ToString();
    wordKernels.Add(($"Tokenize, {best} blocks", TextRate(normalized, d => { tokenBuffer.Clear(); WordTokenizer.Tokenize(d.Text, tokenBuffer); }), "Tokenize"));
    wordKernels.Add(("  WorkingDocument.Tokens (what the steps call)", TextRate(normalized, d => _ = new WorkingDocument(d).Tokens), "Tokenize"));
    wordKernels.Add(("Tokenize, scalar path", TextRate(normalized, d => { tokenBuffer.Clear(); WordTokenizer.Tokenize(d.Text, tokenBuffer, Wren.Runtime.Kernels.KernelPath.Scalar); }), "Tokenize"));
    wordKernels.Add(("TokenizeReference (first written)", TextRate(normalized, d => { tokenBuffer.Clear(); WordTokenizer.TokenizeReference(d.Text, tokenBuffer); }), "Tokenize"));
    wordKernels.Add(($"CountWords, {best} blocks", TextRate(normalized, d => WordTokenizer.CountWords(d.Text)), "CountWords"));
    wordKernels.Add(("CountWords, scalar path (= CountWordsReference)", TextRate(normalized, d => WordTokenizer.CountWords(d.Text, Wren.Runtime.Kernels.KernelPath.Scalar)), "CountWords"));
    wordKernelAgreement = string.Create(CultureInfo.InvariantCulture,
        $"Word kernels: Tokenize differs from TokenizeReference on {tokenDiffer:N0} and CountWords from CountWordsReference on {countDiffer:N0} of {normalized.Count:N0} documents.");
    normalized = null;
}
documents = null;
GC.Collect();
long peakBefore = PeakMemory.Bytes();
bool peakReset = PeakMemory.Reset();

// The whole default recipe through the real pipeline (shards on disk, all stages), on one thread:
// first cold (this process has not run it yet: JIT, language model load), then warm until the JIT settles.
var coldTimer = new StageTimer();
var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
var stopwatch = Stopwatch.StartNew();
CurationPipeline.Run(new CurationRunOptions { Inputs = inputs, OutputDirectory = Path.Combine(work, "out-cold"), Threads = 1, WriteReport = true, Progress = coldTimer });
double cold = stopwatch.Elapsed.TotalSeconds;
double coldCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
double coldJit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
Directory.Delete(Path.Combine(work, "out-cold"), recursive: true);

// Warm runs until the JIT has settled: tier-1 recompiles (and PGO's instrumented tier) go on in the
// background for a few runs, and on a 43 MB corpus they would otherwise be a third of the CPU time
// of what should measure the steady state. The cheapest of the warm runs is reported; each is listed.
int warmRuns = Option("--warm-runs") is string wr ? int.Parse(wr, CultureInfo.InvariantCulture) : 4;
string outDir = keep ?? Path.Combine(work, "out");
var warmTable = new Table().AddColumns("whole recipe run", "wall s", "CPU s", "of which JIT s", "MB/s per CPU-second");
warmTable.AddRow("cold (1st)", F(cold, "0.000"), F(coldCpu, "0.000"), F(coldJit, "0.000"), F(totalBytes / 1e6 / coldCpu, "0.0"));
StageTimer timer = null!;
CurationStatistics stats = null!;
double whole = double.MaxValue, wholeCpu = double.MaxValue;
long wholeAllocated = 0;
string runtimeCost = "";
for (int run = 0; run < warmRuns; run++)
{
    if (Directory.Exists(outDir))
    {
        Directory.Delete(outDir, recursive: true);
    }
    var runTimer = new StageTimer();
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var (gcCounts, gcPause, jitTime, allocated) = (GcCounts(), GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalAllocatedBytes());
    stopwatch.Restart();
    var runStats = CurationPipeline.Run(new CurationRunOptions { Inputs = inputs, OutputDirectory = outDir, Threads = 1, WriteReport = true, Progress = runTimer });
    double runWall = stopwatch.Elapsed.TotalSeconds;
    double runCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    double runJit = (System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds;
    warmTable.AddRow($"warm {run + 1}", F(runWall, "0.000"), F(runCpu, "0.000"), F(runJit, "0.000"), F(totalBytes / 1e6 / runCpu, "0.0"));
    if (runCpu < wholeCpu)
    {
        (whole, wholeCpu, timer, stats) = (runWall, runCpu, runTimer, runStats);
        wholeAllocated = GC.GetTotalAllocatedBytes() - allocated;
        // Where CPU time beyond the one pipeline thread goes: collections (background GC runs on its own thread) and JIT (tier-1 recompiles on a background thread).
        var gcAfter = GcCounts();
        runtimeCost = string.Create(CultureInfo.InvariantCulture,
            $"GCs gen0/1/2: {gcAfter[0] - gcCounts[0]}/{gcAfter[1] - gcCounts[1]}/{gcAfter[2] - gcCounts[2]}, GC pauses {(GC.GetTotalPauseDuration() - gcPause).TotalSeconds:0.00} s, allocated {wholeAllocated / 1e6:0} MB, JIT {runJit:0.00} s");
    }
}
long pipelinePeak = PeakMemory.Bytes();
AnsiConsole.Write(warmTable);
double wholeRate = totalBytes / 1e6 / wholeCpu;

// The same without language ID, to show what Lingua costs (it reads a prefix of every document, so its cost is per document).
var noLanguage = recipe with { Language = recipe.Language with { Enabled = false } };
cpu = Process.GetCurrentProcess().TotalProcessorTime;
stopwatch.Restart();
CurationPipeline.Run(new CurationRunOptions { Inputs = inputs, OutputDirectory = Path.Combine(work, "out-no-language"), Recipe = noLanguage, Threads = 1, WriteReport = true });
double withoutLanguage = stopwatch.Elapsed.TotalSeconds;
double withoutLanguageCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

var table = new Table().AddColumns("step (alone, all documents, warm)", "MB", "seconds", "MB/s per core (wall)", "[bold]MB/s per CPU-second[/]", "cold first pass: MB/s per CPU-second", "x whole recipe (CPU)", "allocated, KB per MB of text");
foreach (var (name, mb, seconds, cpuSeconds, coldCpuSeconds, allocatedPerMb) in rows)
{
    table.AddRow(Markup.Escape(name), F(mb, "0.0"), F(seconds, "0.000"), F(mb / seconds, "0.0"), F(mb / cpuSeconds, "0.0"), double.IsNaN(coldCpuSeconds) ? "-" : F(mb / coldCpuSeconds, "0.0"), F(mb / cpuSeconds / wholeRate, "0.00"), F(allocatedPerMb / 1e3, "0"));
}
double mbTotal = totalBytes / 1e6;
table.AddRow("[bold]whole recipe, warm (1 thread, all stages, I/O; cheapest warm run in this process)[/]", F(mbTotal, "0.0"), F(whole, "0.000"), F(mbTotal / whole, "0.0"), $"[bold]{F(wholeRate, "0.0")}[/]", "", "1.00", F(wholeAllocated / mbTotal / 1e3, "0"));
table.AddRow("whole recipe, cold (first run: includes JIT and model load)", F(mbTotal, "0.0"), F(cold, "0.000"), F(mbTotal / cold, "0.0"), F(mbTotal / coldCpu, "0.0"), "", F(mbTotal / coldCpu / wholeRate, "0.00"));
table.AddRow("whole recipe without language ID, warm", F(mbTotal, "0.0"), F(withoutLanguage, "0.000"), F(mbTotal / withoutLanguage, "0.0"), F(mbTotal / withoutLanguageCpu, "0.0"), "", F(mbTotal / withoutLanguageCpu / wholeRate, "0.00"));
AnsiConsole.Write(table);
AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
    $"[bold]Whole default recipe: {wholeRate:0.0} MB/s per CPU-second warm[/] (issue aim: 20); {mbTotal / coldCpu:0.0} cold, the first run in a fresh process ({coldCpu:0.00} CPU-s, of which JIT {coldJit:0.00} s, vs {wholeCpu:0.00} CPU-s warm)."));

// Where the whole recipe spends its time: stages (wall) and the steps inside them (their own timers).
var profile = new Table().AddColumns("whole recipe (warm run, wall): stage / step", "documents in", "MB in", "seconds", "MB/s (of its input)", "share of run");
foreach (var (stage, seconds) in timer.Stages)
{
    profile.AddRow($"[bold]stage {Markup.Escape(stage)}[/]", "", "", F(seconds, "0.000"), "", F(seconds / whole * 100, "0.0") + "%");
    string[] inStage = stage switch
    {
        "map" => stats.Steps.Select(s => s.Step).Where(s => s is not ("dedup" or "boilerplate")).ToArray(),
        "finalize" => ["dedup", "boilerplate"],
        _ => [],
    };
    foreach (var step in stats.Steps.Where(s => inStage.Contains(s.Step)))
    {
        profile.AddRow("  " + Markup.Escape(step.Step), step.DocumentsIn.ToString("N0", CultureInfo.InvariantCulture), F(step.BytesIn / 1e6, "0.0"),
            F(step.Seconds, "0.000"), F(step.BytesIn / 1e6 / Math.Max(step.Seconds, 1e-9), "0.0"), F(step.Seconds / whole * 100, "0.0") + "%");
    }
}
AnsiConsole.Write(profile);

if (!recipeOnly)
{
    // MinHash kernel: the vectorised update against its scalar reference, same shingles (their two hashes computed beforehand).
    var hasher = new MinHasher(recipe.Dedup.Bands * recipe.Dedup.Rows, recipe.Dedup.NGram, recipe.Dedup.Seed);
    var signature = new ulong[hasher.Permutations];
    var shingles = new ulong[1 << 16];
    new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(shingles.AsSpan()));
    var h1 = new ulong[shingles.Length];
    var h2 = new ulong[shingles.Length];
    for (int i = 0; i < shingles.Length; i++)
    {
        (h1[i], h2[i]) = hasher.DoubleHash(shingles[i]);
    }
    double simd = KernelRate(shingles.Length, () => MinHasher.Update(h1, h2, signature));
    double scalar = KernelRate(shingles.Length, () => MinHasher.UpdateScalar(h1, h2, signature));
    var kernel = new Table().AddColumns("MinHash update (112 permutations)", "M shingles per CPU-second", "ratio");
    kernel.AddRow("vectorised (" + (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512" : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256" : "scalar") + ")", F(simd / 1e6, "0.0"), F(simd / scalar, "0.00"));
    kernel.AddRow("scalar reference", F(scalar / 1e6, "0.0"), "1.00");
    AnsiConsole.Write(kernel);

    // Word kernels: each against the scalar path of the same method (the last row of its group).
    var words = new Table().AddColumns("word kernels (normalized text, one thread)", "MB/s per CPU-second", "x scalar path");
    foreach (var (name, rate, group) in wordKernels)
    {
        double baseline = wordKernels.First(k => k.Group == group && k.Name.Contains("scalar path")).MbPerCpuSecond;
        words.AddRow(Markup.Escape(name), F(rate, "0.0"), F(rate / baseline, "0.00"));
    }
    AnsiConsole.Write(words);
    AnsiConsole.MarkupLine(Markup.Escape(wordKernelAgreement ?? ""));
}
if (Option("--cli") is string clis)
{
    // Fresh processes of the real CLI over the same shards: start-up, JIT (or ReadyToRun code), model load and the
    // run. Several builds (comma-separated) take turns, so the machine's load falls on each alike.
    int cliRuns = Option("--cli-runs") is string cr ? int.Parse(cr, CultureInfo.InvariantCulture) : 3;
    var cliTable = new Table().AddColumns("fresh `wren curate` process, 1 thread", "wall s", "CPU s (user + sys)", "MB/s per CPU-second", "load");
    foreach (var (run, cli) in Enumerable.Range(0, cliRuns).SelectMany(r => clis.Split(',').Select(c => (r, c))))
    {
        string cliOut = Path.Combine(work, "out-cli");
        if (Directory.Exists(cliOut))
        {
            Directory.Delete(cliOut, recursive: true);
        }
        var (wall, cpuSeconds) = ChildProcess.Run(cli, ["curate", inputDir, "--out", cliOut, "-j", "1", "--no-report"]);
        cliTable.AddRow($"{Markup.Escape(cli)}, run {run + 1}", F(wall, "0.00"), F(cpuSeconds, "0.00"), F(totalBytes / 1e6 / cpuSeconds, "0.0"), Markup.Escape(Load()));
    }
    AnsiConsole.Write(cliTable);
}
AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
    $"Kept {stats.Output.Documents:N0} of {stats.Input.Documents:N0} documents ({string.Join(", ", stats.Steps[^1].Kinds.Select(k => $"{k.Key} {k.Value.Kept:N0} of {stats.Steps[0].Kinds.GetValueOrDefault(k.Key)?.In ?? 0:N0}"))}). Whole recipe: {whole:0.0} s wall, {wholeCpu:0.0} s CPU ({runtimeCost}). Peak RSS during the whole recipe: {pipelinePeak / 1e6:0} MB{(peakReset ? "" : " (process peak; could not reset)")}; before it (corpus and per-step runs in memory): {peakBefore / 1e6:0} MB. Load now {Load()}."));
if (keep is null)
{
    Directory.Delete(work, recursive: true);
}
else
{
    // Only the kept output stays (it may lie outside the work folder).
    Directory.Delete(inputDir, recursive: true);
    Directory.Delete(Path.Combine(work, "out-no-language"), recursive: true);
    if (Directory.Exists(Path.Combine(work, "out-cli")))
    {
        Directory.Delete(Path.Combine(work, "out-cli"), recursive: true);
    }
    if (!Directory.EnumerateFileSystemEntries(work).Any())
    {
        Directory.Delete(work);
    }
}
return 0;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static int[] GcCounts() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

// Shingles per CPU-second (the machine is shared: wall time counts other programs' turns too).
static double KernelRate(int shingles, Action pass)
{
    pass();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    int rounds = 0;
    while (sw.Elapsed.TotalSeconds < 1 || rounds < 3)
    {
        pass();
        rounds++;
    }
    return rounds * (double)shingles / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
}

// MB of text per CPU-second over every document: one warm-up pass, then passes for at least a second.
static double TextRate(List<Document> docs, Action<Document> run)
{
    long bytes = docs.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text));
    foreach (var d in docs)
    {
        run(d);
    }
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    int rounds = 0;
    while (sw.Elapsed.TotalSeconds < 1 || rounds < 3)
    {
        foreach (var d in docs)
        {
            run(d);
        }
        rounds++;
    }
    return rounds * (bytes / 1e6) / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
}

// One full pass over every document (cold: JIT tiering, buffers growing), then the measured warm pass.
static (string, double, double, double, double, double) Measure(string name, List<Document> docs, Action<Document> run, bool coldPass = true)
{
    long bytes = docs.Sum(d => (long)System.Text.Encoding.UTF8.GetByteCount(d.Text));
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    if (coldPass)
    {
        foreach (var d in docs)
        {
            run(d);
        }
    }
    double coldCpu = coldPass ? (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds : double.NaN;
    cpu = Process.GetCurrentProcess().TotalProcessorTime;
    long allocated = GC.GetAllocatedBytesForCurrentThread();
    var sw = Stopwatch.StartNew();
    foreach (var d in docs)
    {
        run(d);
    }
    double seconds = sw.Elapsed.TotalSeconds;
    double allocatedPerMb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (bytes / 1e6);
    return (name, bytes / 1e6, seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, coldCpu, allocatedPerMb);
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
