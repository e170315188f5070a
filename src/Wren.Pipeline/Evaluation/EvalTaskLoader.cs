using Wren.Data.Documents;
using Wren.Eval.Tasks;
using Wren.Runtime;

namespace Wren.Pipeline.Evaluation;

/// <summary>
/// Turns the <c>--tasks</c> list into loaded tasks. Each entry is <c>[kind:]PATH</c>: <c>ppl:</c> held-out text
/// (a .txt file, JSONL with "text", or curated <c>*.jsonl[.zst|.gz]</c> shards and folders of them, read with
/// Wren.Data), <c>mc:</c> and <c>gen:</c> task files, <c>cloze:</c> held-out documents to make the cloze task
/// from. Without a kind, folders and shards are perplexity and JSONL files are recognised by their first record.
/// </summary>
public static class EvalTaskLoader
{
    /// <param name="warning">Told about malformed records skipped in a corpus.</param>
    public static List<EvalTask> Load(string tasks, string? fewShotFile, ClozeOptions cloze, Action<string>? warning = null)
    {
        var loaded = new List<EvalTask>();
        foreach (string raw in tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (kind, path) = Split(raw);
            kind ??= Directory.Exists(path) || IsShard(path) ? TaskKind.Perplexity : TaskFile.Detect(path);
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
            var task = kind switch
            {
                TaskKind.Perplexity => new EvalTask { Name = "ppl:" + name, Kind = kind.Value, Texts = Texts(path, warning) },
                TaskKind.Cloze => new EvalTask { Name = "cloze:" + name, Kind = kind.Value, Questions = ClozeTaskGenerator.Generate(Texts(path, warning), cloze) },
                TaskKind.MultipleChoice => new EvalTask { Name = "mc:" + name, Kind = kind.Value, Questions = TaskFile.ReadMultipleChoice(path) },
                _ => new EvalTask { Name = "gen:" + name, Kind = kind.Value, Prompts = TaskFile.ReadGeneration(path) },
            };
            loaded.Add(task with { FewShot = FewShot(task, fewShotFile) });
        }
        if (loaded.Count == 0) throw new WrenException("--tasks names no task");
        return loaded;
    }

    private static (TaskKind? Kind, string Path) Split(string entry)
    {
        int colon = entry.IndexOf(':');
        // A one-letter prefix is a Windows drive, not a kind.
        if (colon > 1)
        {
            string prefix = entry[..colon].ToLowerInvariant();
            TaskKind? kind = prefix switch
            {
                "ppl" or "perplexity" => TaskKind.Perplexity,
                "mc" or "choice" => TaskKind.MultipleChoice,
                "gen" or "generate" => TaskKind.Generation,
                "cloze" => TaskKind.Cloze,
                _ => throw new WrenException($"--tasks \"{entry}\": unknown kind \"{prefix}\" (use ppl:, mc:, gen: or cloze:)"),
            };
            return (kind, entry[(colon + 1)..]);
        }
        return (null, entry);
    }

    private static bool IsShard(string path) => path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    private static List<string> Texts(string path, Action<string>? warning)
    {
        if (File.Exists(path) && !IsShard(path)) return TaskFile.ReadTexts(path);
        var corpus = new CorpusTexts([path]);
        var texts = corpus.Documents().Select(d => d.Text).ToList();
        if (corpus.Skipped > 0) warning?.Invoke($"skipped {corpus.Skipped} malformed records in {path} (first: {corpus.FirstProblem})");
        return texts;
    }

    /// <summary>Solved examples: from the --fewshot file when given, else the task's own questions (each question never sees itself).</summary>
    private static List<FewShotExample> FewShot(EvalTask task, string? file)
    {
        if (task.Kind == TaskKind.Generation)
        {
            var items = file is null ? task.Prompts : TaskFile.ReadGeneration(file);
            return items.Select(i => new FewShotExample(i.Prompt, i.Answers[0])).ToList();
        }
        if (task.Kind is TaskKind.MultipleChoice or TaskKind.Cloze)
        {
            var items = file is null || task.Kind == TaskKind.Cloze ? task.Questions : TaskFile.ReadMultipleChoice(file);
            return items.Select(i => new FewShotExample(i.Context, i.Choices[i.Gold])).ToList();
        }
        return [];
    }
}
