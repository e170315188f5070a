using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Wren.Runtime.Constraints;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Generation;
using Wren.Runtime.Models;
using Wren.Runtime.Tensors;
using Wren.Runtime.Tokenization;
using Wren.Training.Tokenization;

namespace Wren.Bench.Constraints;

/// <summary>
/// What a JSON Schema constraint costs per generated token, beside the decode step it rides on, in one process:
/// a random-weight model of stories15M's shape with a byte-level BPE trained on the SOTU sample plus JSON lines (as
/// many tokens as that corpus yields, about 12k; the model's vocabulary is sized to it), generating free text and then a ticket JSON under a schema; and the mask alone over a vocabulary
/// of Qwen2.5's size (151,936: the trained tokens plus pairs of them), replaying the same tokens. Figures: compile time;
/// the constrained pick per step (mask, logits masked, token chosen, matcher advanced) cold (each state's first visit
/// walks the vocabulary trie) and warm (cached), beside the unconstrained pick; decode tokens/s with and without the
/// constraint, and their ratio.
/// </summary>
internal static class ConstraintBenchmark
{
    private const string Schema = """
        {"type":"object","properties":{
          "title":{"type":"string","minLength":3,"maxLength":40},
          "priority":{"type":"integer","minimum":1,"maximum":5},
          "category":{"enum":["billing","bug","feature","account"]},
          "urgent":{"type":"boolean"},
          "email":{"type":["string","null"],"format":"email"},
          "tags":{"type":"array","items":{"type":"string","maxLength":12},"maxItems":4},
          "due":{"type":"string","format":"date"}},
         "required":["title","priority","category","urgent","email","tags","due"],"additionalProperties":false}
        """;

    public static void Run(int rounds)
    {
        string root = FindRoot();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average at start: {LoadAverage()}");
        var tokenizer = TrainTokenizer(root, 32000, out string tokenizerJson);
        var big = Enlarge(tokenizerJson, 151936);
        Console.WriteLine($"tokenizers: trained byte-level BPE, {tokenizer.VocabularySize:N0} tokens; enlarged, {big.VocabularySize:N0} tokens");

        var config = new LlamaConfig
        {
            Architecture = ModelArchitecture.Llama, HiddenSize = 288, IntermediateSize = 768, NumHiddenLayers = 6, NumAttentionHeads = 6,
            NumKeyValueHeads = 6, HeadDim = 48, VocabSize = tokenizer.VocabularySize, MaxPositionEmbeddings = 2048, TieWordEmbeddings = true, RmsNormEps = 1e-5,
        };
        using var model = new WrenModel(LlamaModel.CreateRandom(config, WeightDType.F32, seed: 1), tokenizer, null, [tokenizer.TokenToId("<|endoftext|>") ?? 0], "random-15M");

        var sw = Stopwatch.StartNew();
        var constraint = TokenConstraint.ForJsonSchema(Schema, tokenizer, config.VocabSize);
        double compileMs = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine($"schema compiled in {compileMs:F1} ms: {constraint.StateCount:N0} automaton states");

        string prompt = "Ticket: my invoice for March is wrong and I was charged twice. Reply with the ticket as JSON:";
        var free = new List<double>();
        var constrained = new List<double>();
        List<int>? ids = null;
        string? sample = null;
        for (int round = 0; round < rounds; round++)
        {
            var sampling = new SamplingOptions { Temperature = 1f, Seed = round + 1 };
            var a = PromptContinuation.GenerateAsync(model, prompt, 96, sampling, threads: null, onText: null, CancellationToken.None).GetAwaiter().GetResult();
            var b = PromptContinuation.GenerateAsync(model, prompt, 96, sampling, threads: null, onText: null, CancellationToken.None, constraint).GetAwaiter().GetResult();
            free.Add(a.Summary.DecodeTokensPerSecond);
            constrained.Add(b.Summary.DecodeTokensPerSecond);
            ids ??= [.. b.Ids];
            sample ??= b.Text;
        }
        Console.WriteLine($"a constrained answer: {sample}");

        var rows = new List<(string, string)>();
        foreach (var (tok, vocab) in new[] { (tokenizer, config.VocabSize), (big, big.VocabularySize) })
        {
            string name = vocab.ToString("N0");
            // Cold: a fresh compile (a different schema text) walks the trie on each state's first visit.
            string coldSchema = Schema.Replace("\"type\":\"object\"", $"\"$comment\":\"cold {name}\",\"type\":\"object\"", StringComparison.Ordinal);
            long compileStart = Stopwatch.GetTimestamp();
            var cold = TokenConstraint.ForJsonSchema(coldSchema, tok, vocab);
            rows.Add(($"schema compile again (code already jitted), vocab {name}", $"{Stopwatch.GetElapsedTime(compileStart).TotalMilliseconds:F1} ms"));
            var coldTimes = Replay(cold, ids!);
            var warmTimes = new List<double>();
            for (int round = 0; round < 5 * Math.Max(1, rounds); round++) warmTimes.AddRange(Replay(cold, ids!));
            rows.Add(($"constrained pick per token, vocab {name}, cold (first visit of {cold.CachedStateCount} states): mean", $"{coldTimes.Average():F1} µs"));
            rows.Add(($"constrained pick per token, vocab {name}, warm ({warmTimes.Count} steps): median / p90", $"{Percentile(warmTimes, 0.5):F1} / {Percentile(warmTimes, 0.9):F1} µs"));
            var freeTimes = Unconstrained(vocab, warmTimes.Count);
            rows.Add(($"unconstrained greedy pick per token, vocab {name}: median / p90", $"{Percentile(freeTimes, 0.5):F1} / {Percentile(freeTimes, 0.9):F1} µs"));
        }
        double freeTps = Median(free), conTps = Median(constrained);
        double stepMs = 1000 / freeTps;
        rows.Add(($"decode, free text (median of {rounds} rounds)", $"{freeTps:F1} tok/s ({stepMs:F2} ms/token)"));
        rows.Add(($"decode, under the schema (median of {rounds} rounds)", $"{conTps:F1} tok/s ({1000 / conTps:F2} ms/token)"));
        rows.Add(("constrained / free decode speed", $"{conTps / freeTps:F2}x"));

        Console.WriteLine();
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("| --- | --- |");
        foreach (var (what, figure) in rows) Console.WriteLine($"| {what} | {figure} |");
        Console.WriteLine($"\nload average at end: {LoadAverage()}");
    }

    /// <summary>
    /// Replays the tokens through <see cref="ConstraintMatcher.Sample"/> (mask, logits masked, greedy pick, advance) with
    /// logits that favour the recorded token; mean, p50 and p99 of the time per step, in µs.
    /// </summary>
    private static List<double> Replay(TokenConstraint constraint, IReadOnlyList<int> ids)
    {
        var matcher = constraint.CreateMatcher([]);
        var sampler = new TokenSampler(constraint.VocabSize, new SamplingOptions { Temperature = 0 });
        var logits = new float[constraint.VocabSize];
        var times = new List<double>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            logits[ids[i]] = 10;
            long start = Stopwatch.GetTimestamp();
            int token = matcher.Sample(sampler, logits, budget: 0);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            logits[ids[i]] = 0;
            if (token != ids[i]) throw new InvalidOperationException($"replay diverged at step {i}");
        }
        return times;
    }

    /// <summary>The same greedy pick without a constraint, µs per step: the baseline the mask adds to.</summary>
    private static List<double> Unconstrained(int vocab, int steps)
    {
        var sampler = new TokenSampler(vocab, new SamplingOptions { Temperature = 0 });
        var logits = new float[vocab];
        var times = new List<double>(steps);
        for (int i = 0; i < steps; i++)
        {
            logits[i % vocab] = 10;
            long start = Stopwatch.GetTimestamp();
            sampler.Sample(logits);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            logits[i % vocab] = 0;
        }
        return times;
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
    }

    private static BpeTokenizer TrainTokenizer(string root, int vocab, out string json)
    {
        var text = new StringBuilder(File.ReadAllText(Path.Combine(root, "tests", "TestData", "tokenizer", "sotu_sample.txt")));
        var random = new Random(5);
        string[] words = ["invoice", "refund", "billing", "account", "login", "error", "charged", "twice", "March", "urgent"];
        for (int i = 0; i < 3000; i++)
        {
            // JSON lines, so the vocabulary holds the punctuation merges real tokenizers have ("\":", "\",\"", ...).
            text.Append($"{{\"title\":\"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]}\",\"priority\":{random.Next(1, 6)},\"urgent\":{(random.Next(2) == 0 ? "true" : "false")},\"tags\":[\"{words[random.Next(words.Length)]}\"],\"due\":\"2026-0{random.Next(1, 10)}-1{random.Next(10)}\"}}\n");
        }
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = vocab });
        trainer.Count(text.ToString().Split('\n').Select(l => l + "\n"));
        var trained = trainer.Train();
        using var buffer = new MemoryStream();
        HfTokenizerWriter.WriteTokenizerJson(trained, buffer);
        json = Encoding.UTF8.GetString(buffer.ToArray());
        return BpeTokenizer.FromJson(json);
    }

    /// <summary>The same tokenizer with pairs of its tokens added up to <paramref name="size"/> ids (for mask cost at a large vocabulary).</summary>
    private static BpeTokenizer Enlarge(string json, int size)
    {
        var doc = JsonNode.Parse(json)!;
        var vocab = doc["model"]!["vocab"]!.AsObject();
        var tokens = vocab.Select(p => p.Key).ToList();
        int next = vocab.Max(p => (int)p.Value!) + 1;
        foreach (var added in doc["added_tokens"]!.AsArray()) next = Math.Max(next, (int)added!["id"]! + 1);
        var random = new Random(9);
        while (next < size)
        {
            string pair = tokens[random.Next(256, tokens.Count)] + tokens[random.Next(256, tokens.Count)];
            if (vocab.ContainsKey(pair)) continue;
            vocab[pair] = next++;
        }
        return BpeTokenizer.FromJson(doc.ToJsonString());
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
