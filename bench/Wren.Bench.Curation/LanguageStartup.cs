using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Wren.Data.Curation.Language;

namespace Wren.Bench.Curation;

/// <summary>
/// What constructing the language step's scorer costs every process (every <c>wren curate</c> run,
/// every Slurm task): building Lingua's merged n-gram table from the JSON models, building it and
/// saving it to an empty cache, and reading it from the cache. CPU-seconds count every thread.
/// </summary>
internal static class LanguageStartup
{
    /// <summary>The three ways measured, as a table for Program.cs to print.</summary>
    public static Table Run(LanguageOptions options, int repeats = 5)
    {
        var languages = options.Candidates.Concat(options.Keep).ToList();
        string cache = Path.Combine(Path.GetTempPath(), "wren-bench-lingua-cache-" + Environment.ProcessId);
        try
        {
            var table = new Table().AddColumns("scorer construction", $"CPU-s (median of {repeats})", "wall s (median)", "MB allocated (median)", "x CPU of cached");
            int emptyFolders = 0;
            Action build = () => _ = new LinguaModelScorer(languages, useCache: false);
            Action buildAndSave = () => _ = new LinguaModelScorer(languages, cacheDirectory: Path.Combine(cache, "empty-" + emptyFolders++));
            Action read = () => _ = new LinguaModelScorer(languages, cacheDirectory: Path.Combine(cache, "empty-0"));
            // Warm-up rounds first: tiered JIT's background recompilation counts as process CPU and
            // would be charged to whichever runs first. (A fresh process pays that JIT too; the
            // whole-recipe run shows a cold process.)
            for (int i = 0; i < 2; i++)
            {
                build();
                buildAndSave();
                read();
            }
            var built = Measure(repeats, build);
            var saved = Measure(repeats, buildAndSave);
            var cached = Measure(repeats, read);
            foreach (var (name, m) in new[] { ("build from Lingua's JSON models (no cache)", built), ("build and save to an empty cache (first run)", saved), ("read from the cache", cached) })
            {
                table.AddRow(name, F(m.Cpu, "0.000"), F(m.Wall, "0.000"), F(m.Allocated / 1e6, "0.0"), F(m.Cpu / cached.Cpu, "0.0"));
            }
            return table;
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    private static (double Cpu, double Wall, double Allocated) Measure(int repeats, Action construct)
    {
        var cpu = new double[repeats];
        var wall = new double[repeats];
        var allocated = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            long bytes = GC.GetTotalAllocatedBytes(precise: true);
            var start = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            construct();
            wall[i] = stopwatch.Elapsed.TotalSeconds;
            cpu[i] = (Process.GetCurrentProcess().TotalProcessorTime - start).TotalSeconds;
            allocated[i] = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        }
        return (Median(cpu), Median(wall), Median(allocated));
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
