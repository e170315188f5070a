using System.Text.Json;
using Wren.Runtime;

namespace Wren.Eval.Tasks;

/// <summary>
/// Reads task files: JSONL with <c>{"context", "choices", "gold"}</c> (multiple choice; gold is the index
/// of the right choice or its text) or <c>{"prompt", "answer"}</c> (generation; answer is a string or a
/// list of acceptable strings), and held-out text (<c>.txt</c> as one document, JSONL with <c>"text"</c>).
/// Errors name the file and the line.
/// </summary>
public static class TaskFile
{
    /// <summary>The kind of task a file holds, from its extension and first record.</summary>
    public static TaskKind Detect(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"{path}: no such task file");
        if (!IsJsonl(path)) return TaskKind.Perplexity;
        foreach (var (element, where) in Records(path))
        {
            if (element.TryGetProperty("choices", out _)) return TaskKind.MultipleChoice;
            if (element.TryGetProperty("prompt", out _)) return TaskKind.Generation;
            if (element.TryGetProperty("text", out _)) return TaskKind.Perplexity;
            throw new WrenException($"{where}: a record needs \"context\"/\"choices\"/\"gold\" (multiple choice), \"prompt\"/\"answer\" (generation) or \"text\" (perplexity)");
        }
        throw new WrenException($"{path}: the file holds no records");
    }

    public static bool IsJsonl(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    public static List<MultipleChoiceItem> ReadMultipleChoice(string path)
    {
        var items = new List<MultipleChoiceItem>();
        foreach (var (e, where) in Records(path))
        {
            string context = RequiredString(e, "context", where);
            if (!e.TryGetProperty("choices", out var choicesElement) || choicesElement.ValueKind != JsonValueKind.Array)
                throw new WrenException($"{where}: \"choices\" must be a list of strings");
            var choices = new List<string>();
            foreach (var c in choicesElement.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.String) throw new WrenException($"{where}: choice {choices.Count} is {c.ValueKind}, not a string");
                choices.Add(c.GetString()!);
            }
            if (choices.Count < 2) throw new WrenException($"{where}: {choices.Count} choice(s); a question needs at least 2");
            if (!e.TryGetProperty("gold", out var goldElement)) throw new WrenException($"{where}: missing \"gold\" (the index of the right choice, or its text)");
            int gold = goldElement.ValueKind switch
            {
                JsonValueKind.Number when goldElement.TryGetInt32(out int g) => g,
                JsonValueKind.String => choices.IndexOf(goldElement.GetString()!),
                _ => throw new WrenException($"{where}: \"gold\" must be an integer index or the text of a choice"),
            };
            if ((uint)gold >= (uint)choices.Count)
                throw new WrenException($"{where}: \"gold\" {goldElement.GetRawText()} is not one of the {choices.Count} choices");
            items.Add(new MultipleChoiceItem(context, choices, gold, where));
        }
        return items;
    }

    public static List<GenerationItem> ReadGeneration(string path)
    {
        var items = new List<GenerationItem>();
        foreach (var (e, where) in Records(path))
        {
            string prompt = RequiredString(e, "prompt", where);
            if (!e.TryGetProperty("answer", out var a)) throw new WrenException($"{where}: missing \"answer\"");
            var answers = new List<string>();
            if (a.ValueKind == JsonValueKind.String)
            {
                answers.Add(a.GetString()!);
            }
            else if (a.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in a.EnumerateArray())
                {
                    if (x.ValueKind != JsonValueKind.String) throw new WrenException($"{where}: every \"answer\" must be a string");
                    answers.Add(x.GetString()!);
                }
            }
            else if (a.ValueKind == JsonValueKind.Number)
            {
                answers.Add(a.GetRawText());
            }
            if (answers.Count == 0) throw new WrenException($"{where}: \"answer\" must be a string or a non-empty list of strings");
            items.Add(new GenerationItem(prompt, answers, where));
        }
        return items;
    }

    /// <summary>Held-out texts: a plain text file is one document; JSONL gives the <c>"text"</c> of each record.</summary>
    public static List<string> ReadTexts(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"{path}: no such file");
        if (!IsJsonl(path)) return [File.ReadAllText(path)];
        var texts = new List<string>();
        foreach (var (e, where) in Records(path)) texts.Add(RequiredString(e, "text", where));
        return texts;
    }

    private static string RequiredString(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out var v)) throw new WrenException($"{where}: missing \"{name}\"");
        if (v.ValueKind != JsonValueKind.String) throw new WrenException($"{where}: \"{name}\" is {v.ValueKind}, not a string");
        return v.GetString()!;
    }

    /// <summary>Each non-blank line parsed as a JSON object, with "path:line" for messages.</summary>
    private static IEnumerable<(JsonElement Element, string Where)> Records(string path)
    {
        if (!File.Exists(path)) throw new WrenException($"{path}: no such file");
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string where = $"{path}:{number}";
            JsonElement element;
            try
            {
                using var doc = JsonDocument.Parse(line);
                element = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new WrenException($"{where}: not valid JSON ({e.Message})");
            }
            if (element.ValueKind != JsonValueKind.Object) throw new WrenException($"{where}: expected a JSON object, found {element.ValueKind}");
            yield return (element, where);
        }
    }
}
