using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wren.Data.Teacher;

/// <summary>
/// The prompts the teacher gets and the parsing of its answers. Generators answer with a JSON array so that several
/// examples come from one request and a malformed answer is recognised (and dropped) rather than guessed at; the judge
/// answers with one digit.
/// </summary>
public static class TeacherPrompts
{
    public const string System = "You write training data for a small language model. Follow the format exactly and add nothing else.";

    public static IReadOnlyList<TeacherMessage> Generate(TeacherTaskKind kind, string chunk, int perChunk) => kind switch
    {
        TeacherTaskKind.Qa =>
        [
            new("system", System),
            new("user", string.Create(CultureInfo.InvariantCulture, $$"""
                Read the document below. Write {{perChunk}} question-answer pairs that a reader of this document would ask and that the document alone answers. Each question must make sense without seeing the document (name what it is about); each answer must be correct according to the document, complete and in one to three sentences.

                Answer with only a JSON array: [{"question": "...", "answer": "..."}, ...]

                Document:
                {{chunk}}
                """)),
        ],
        TeacherTaskKind.Instruct =>
        [
            new("system", System),
            new("user", string.Create(CultureInfo.InvariantCulture, $$"""
                Read the text below. Write {{perChunk}} different instructions a user could give about this text (summarize it, extract facts, answer a question about it, explain a term, draft a reply or note from it, classify it), each with the response an expert would write using only the text.

                Answer with only a JSON array: [{"instruction": "...", "response": "..."}, ...]

                Text:
                {{chunk}}
                """)),
        ],
        TeacherTaskKind.Rephrase =>
        [
            new("system", System),
            new("user", $"""
                Rewrite the text below in clear, high-quality English prose, as it would appear in a well-edited reference work. Keep every fact, name and number; add nothing.

                Answer with only a JSON array holding one string: ["..."]

                Text:
                {chunk}
                """),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "labels are asked with Label()"),
    };

    public static IReadOnlyList<TeacherMessage> Label(string record, IReadOnlyList<string> labels) =>
    [
        new("system", System),
        new("user", $"""
            Choose the one label that fits the record below. Labels: {string.Join(", ", labels)}

            Answer with only the label.

            Record:
            {record}
            """),
    ];

    /// <summary>The judge's prompt: a 1–5 score for one example against its source.</summary>
    public static IReadOnlyList<TeacherMessage> Judge(string input, string output, string? source) =>
    [
        new("system", "You grade training examples strictly. Answer with one digit from 1 to 5 and nothing else."),
        new("user", $"""
            Grade this example from 1 (wrong, unsupported or useless) to 5 (correct, fully supported by the source, clear and useful).

            {(source is null ? "" : "Source:\n" + source + "\n\n")}Input:
            {input}

            Output:
            {output}

            Score (1-5):
            """),
    ];

    /// <summary>
    /// The judge's prompt in a task evaluation: a 1-5 score for one system's answer against the reference answer
    /// (a rubric as MT-Bench-style single-answer grading uses, with the reference given).
    /// </summary>
    public static IReadOnlyList<TeacherMessage> JudgeAnswer(string input, string reference, string answer) =>
    [
        new("system", "You grade answers strictly against a reference answer. Answer with one digit from 1 to 5 and nothing else."),
        new("user", $"""
            Grade the answer from 1 to 5: 1 wrong or useless; 2 mostly wrong; 3 partly right, or right but missing what the reference says;
            4 right and useful with small omissions; 5 as good as the reference (the same facts and intent; wording may differ).

            Input:
            {input}

            Reference answer:
            {reference}

            Answer to grade:
            {answer}

            Score (1-5):
            """),
    ];

    /// <summary>The (input, output) pairs of a generator's answer; empty when it is not the JSON asked for.</summary>
    public static IReadOnlyList<(string Input, string Output)> ParsePairs(TeacherTaskKind kind, string answer, string chunk)
    {
        var pairs = new List<(string, string)>();
        if (ExtractArray(answer) is not { } array) return pairs;
        foreach (var item in array)
        {
            switch (kind)
            {
                case TeacherTaskKind.Qa when item is JsonObject o && Text(o, "question") is { } q && Text(o, "answer") is { } a:
                    pairs.Add((q, a));
                    break;
                case TeacherTaskKind.Instruct when item is JsonObject o && Text(o, "instruction") is { } i && Text(o, "response") is { } r:
                    pairs.Add((chunk + "\n\n" + i, r));
                    break;
                case TeacherTaskKind.Rephrase when item is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s):
                    pairs.Add((chunk, s.Trim()));
                    break;
            }
        }

        return pairs;
    }

    /// <summary>The label the answer names (case-insensitive, quotes and a trailing period aside), or null when it names none of them.</summary>
    public static string? ParseLabel(string answer, IReadOnlyList<string> labels)
    {
        string a = answer.Trim().Trim('"', '\'', '`', '.', ' ').Trim();
        foreach (string label in labels)
            if (string.Equals(a, label, StringComparison.OrdinalIgnoreCase)) return label;
        return null;
    }

    /// <summary>The first digit 1–5 of the judge's answer, or null.</summary>
    public static int? ParseScore(string answer)
    {
        foreach (char c in answer)
        {
            if (c is >= '1' and <= '5') return c - '0';
            if (char.IsDigit(c)) return null;
        }

        return null;
    }

    /// <summary>The JSON array in an answer, also when a model wraps it in a Markdown code fence or a sentence.</summary>
    private static JsonArray? ExtractArray(string answer)
    {
        int start = answer.IndexOf('['), end = answer.LastIndexOf(']');
        if (start < 0 || end <= start) return null;
        try
        {
            return JsonNode.Parse(answer.AsSpan(start, end - start + 1).ToString()) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
