using System.Globalization;

namespace Wren.Pipeline.Build;

/// <summary>One line per stage saying what it made, from the figures in build.json; shared by the console summary and index.html.</summary>
public static class StageHeadline
{
    public static string For(StageRecord record)
    {
        var m = record.Metrics;
        if (m.Count == 0) return record.Error ?? "";
        return record.Name switch
        {
            BuildStages.Ingest => $"{N(m, "documents")} documents from {N(m, "input_files")} files ({N(m, "errors")} unreadable)",
            BuildStages.Curate => $"kept {N(m, "kept_documents")} of {N(m, "input_documents")} documents ({Mb(m, "kept_bytes")})",
            BuildStages.Tokenizer when !m.ContainsKey("merges") => $"the base model's, {N(m, "vocabulary")} tokens",
            BuildStages.Tokenizer => $"{N(m, "vocabulary")} tokens, {N(m, "merges")} merges",
            BuildStages.Tokens => $"{N(m, "train_tokens")} train / {N(m, "validation_tokens")} validation tokens",
            BuildStages.Train when m.ContainsKey("conversations") =>
                $"{Millions(m, "parameters")} parameters fine-tuned{(m.ContainsKey("lora_rank") ? $" (LoRA r={N(m, "lora_rank")}, merged)" : "")}, {N(m, "steps")} steps on {N(m, "conversations")} conversations, " +
                $"train loss {F(m, "final_train_loss", "F3")}, validation loss {F(m, "final_validation_loss", "F3")}",
            BuildStages.Train => $"{Millions(m, "parameters")} parameters, {N(m, "steps")} steps, {N(m, "tokens_seen")} tokens, validation loss {F(m, "final_validation_loss", "F3")}",
            BuildStages.Eval => string.Join(", ", m.Where(kv => kv.Key.EndsWith("/bits_per_byte", StringComparison.Ordinal) || kv.Key.EndsWith("/acc", StringComparison.Ordinal))
                .Select(kv => $"{kv.Key.Replace("/", " ", StringComparison.Ordinal)} {kv.Value.ToString("F3", CultureInfo.InvariantCulture)}")),
            BuildStages.Export => string.Join(", ", m.Select(kv => $"{kv.Key.Replace("/bytes", "", StringComparison.Ordinal)} {ByteSize.Format((long)kv.Value)}")),
            BuildStages.Tasks => Stages.TasksBuildStage.Headline(m),
            BuildStages.Sample => $"{N(m, "generations")} generations, {F(m, "decode_tokens_per_second", "F0")} tokens/s",
            _ => "",
        };
    }

    private static string N(IReadOnlyDictionary<string, double> m, string key) =>
        m.TryGetValue(key, out double v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string F(IReadOnlyDictionary<string, double> m, string key, string format) =>
        m.TryGetValue(key, out double v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Mb(IReadOnlyDictionary<string, double> m, string key) =>
        m.TryGetValue(key, out double v) ? (v / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " MB" : "-";

    private static string Millions(IReadOnlyDictionary<string, double> m, string key) =>
        m.TryGetValue(key, out double v) ? (v / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + "M" : "-";
}
