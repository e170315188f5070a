using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Classification;

/// <summary>
/// How a classifier shows an input to its model and which continuation stands for each label: the prompt is
/// <see cref="Prefix"/> + the input + <see cref="Suffix"/>, and label i is scored by the log-likelihood of
/// <see cref="Continuations"/>[i] after it. The input alone is cut to <see cref="MaxInputTokens"/> (its first tokens
/// and its last <see cref="TailTokens"/>), so the template and the label always fit.
/// A model Wren trains for the task gets one special token per label after a <c>&lt;|classify|&gt;</c> marker (one
/// forward pass scores every label); a base model gets a plain-language question and the label names as words.
/// </summary>
public sealed record ClassifierPrompt
{
    /// <summary>The marker after which a task model predicts the label token.</summary>
    public const string ClassifyToken = "<|classify|>";

    public string Prefix { get; init; } = "";

    public string Suffix { get; init; } = ClassifyToken;

    /// <summary>The text scored for each label, in label order.</summary>
    public required IReadOnlyList<string> Continuations { get; init; }

    public int MaxInputTokens { get; init; } = 256;

    /// <summary>How many of the kept input tokens come from its end (the rest from its start).</summary>
    public int TailTokens { get; init; }

    /// <summary>The special token that stands for a label in a task model's vocabulary.</summary>
    public static string LabelToken(string label) => "<|" + label + "|>";

    /// <summary>The prompt of a model trained for the task: the input, the classify marker, one special token per label.</summary>
    public static ClassifierPrompt ForTaskModel(IReadOnlyList<string> labels, int maxInputTokens, int tailTokens) => new()
    {
        Continuations = labels.Select(LabelToken).ToList(),
        MaxInputTokens = maxInputTokens,
        TailTokens = tailTokens,
    };

    /// <summary>A plain-language prompt for a base model, labels scored as words (lm-evaluation-harness's multiple-choice form).</summary>
    public static ClassifierPrompt ForBaseModel(IReadOnlyList<string> labels, int maxInputTokens, int tailTokens, string examples = "") => new()
    {
        Prefix = $"Classify each text as one of: {string.Join(", ", labels)}.\n\n{examples}Text: ",
        Suffix = "\nLabel:",
        Continuations = labels.Select(l => " " + l).ToList(),
        MaxInputTokens = maxInputTokens,
        TailTokens = tailTokens,
    };

    /// <summary>A solved example for a few-shot prefix, its input cut to <paramref name="maxChars"/> characters.</summary>
    public static string FewShotExample(string input, string label, int maxChars = 400)
    {
        string text = input.Length > maxChars ? input[..maxChars] + "..." : input;
        return $"Text: {text}\nLabel: {label}\n\n";
    }

    /// <summary>The prompt's token ids for one input (no BOS; the prefix, the cut input, the suffix).</summary>
    public int[] Encode(BpeTokenizer tokenizer, string input)
    {
        var prefix = Prefix.Length > 0 ? tokenizer.Encode(Prefix, addSpecialTokens: false) : [];
        var body = EncodeInput(tokenizer, input);
        var suffix = Suffix.Length > 0 ? tokenizer.Encode(Suffix, addSpecialTokens: false) : [];
        var ids = new int[prefix.Length + body.Length + suffix.Length];
        prefix.CopyTo(ids, 0);
        body.CopyTo(ids, prefix.Length);
        suffix.CopyTo(ids, prefix.Length + body.Length);
        return ids;
    }

    /// <summary>The input's tokens, cut to <see cref="MaxInputTokens"/>: the first ones and the last <see cref="TailTokens"/>.</summary>
    public int[] EncodeInput(BpeTokenizer tokenizer, string input)
    {
        int[] ids = tokenizer.Encode(input, addSpecialTokens: false);
        return Cut(ids, MaxInputTokens, TailTokens);
    }

    /// <summary>Keeps the first max - tail and the last tail ids of a longer sequence.</summary>
    public static int[] Cut(int[] ids, int max, int tail)
    {
        if (ids.Length <= max) return ids;
        tail = Math.Clamp(tail, 0, max);
        var cut = new int[max];
        Array.Copy(ids, 0, cut, 0, max - tail);
        Array.Copy(ids, ids.Length - tail, cut, max - tail, tail);
        return cut;
    }

    /// <summary>Each label's continuation as token ids; two labels that encode alike, or one that encodes to nothing, are an error.</summary>
    public int[][] EncodeContinuations(BpeTokenizer tokenizer)
    {
        var result = new int[Continuations.Count][];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = tokenizer.Encode(Continuations[i], addSpecialTokens: false);
            if (result[i].Length == 0) throw new WrenException($"the label continuation '{Continuations[i]}' encodes to no tokens");
            if (!seen.Add(string.Join(",", result[i]))) throw new WrenException($"the label continuation '{Continuations[i]}' encodes like another label's");
        }

        return result;
    }
}
