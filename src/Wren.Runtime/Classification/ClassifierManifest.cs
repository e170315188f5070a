using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Classification;

/// <summary>
/// A task run's <c>RUN/task.json</c>: the task, its labels, the prompt format the model was trained with, the
/// calibration temperature, where the model folder is, how it was trained and on what data. Everything a classifier
/// needs besides the model folder (an ordinary Hugging Face folder that export, serve and IChatClient also read).
/// Read and written with <see cref="Utf8JsonWriter"/> and <see cref="JsonDocument"/> (the runtime stays trimmable).
/// </summary>
public sealed record ClassifierManifest
{
    public const string FileName = "task.json";
    public const int CurrentVersion = 1;

    public required string Task { get; init; }

    public string Kind { get; init; } = "classify";

    public required IReadOnlyList<string> Labels { get; init; }

    public required ClassifierPrompt Prompt { get; init; }

    /// <summary>Label probabilities are softmax(log-likelihood / T); T is fitted on the validation split.</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>The model folder, relative to the run folder.</summary>
    public string Model { get; init; } = "model";

    /// <summary>scratch (pretrained and fine-tuned here), lora or full (a base model fine-tuned).</summary>
    public string Method { get; init; } = "scratch";

    public string? BaseModel { get; init; }

    /// <summary>The task data the model was trained on (a task folder or a JSONL file).</summary>
    public string? Data { get; init; }

    /// <summary>Figures of the training run: examples, steps, tokens, seconds, validation accuracy...</summary>
    public IReadOnlyDictionary<string, double> Training { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    public static ClassifierManifest Load(string runFolder)
    {
        string path = Directory.Exists(runFolder) ? Path.Combine(runFolder, FileName) : runFolder;
        if (!File.Exists(path)) throw new WrenException($"{runFolder}: no {FileName} (not a task run; train one with wren task train)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var prompt = root.GetProperty("prompt");
            var training = new SortedDictionary<string, double>(StringComparer.Ordinal);
            if (root.TryGetProperty("training", out var t) && t.ValueKind == JsonValueKind.Object)
                foreach (var p in t.EnumerateObject()) if (p.Value.ValueKind == JsonValueKind.Number) training[p.Name] = p.Value.GetDouble();
            var manifest = new ClassifierManifest
            {
                Task = root.GetProperty("task").GetString() ?? "",
                Kind = root.TryGetProperty("kind", out var k) ? k.GetString() ?? "classify" : "classify",
                Labels = Strings(root.GetProperty("labels")),
                Prompt = new ClassifierPrompt
                {
                    Prefix = prompt.GetProperty("prefix").GetString() ?? "",
                    Suffix = prompt.GetProperty("suffix").GetString() ?? "",
                    Continuations = Strings(prompt.GetProperty("continuations")),
                    MaxInputTokens = prompt.GetProperty("max_input_tokens").GetInt32(),
                    TailTokens = prompt.TryGetProperty("tail_tokens", out var tail) ? tail.GetInt32() : 0,
                },
                Temperature = root.TryGetProperty("temperature", out var temp) ? temp.GetDouble() : 1,
                Model = root.TryGetProperty("model", out var m) ? m.GetString() ?? "model" : "model",
                Method = root.TryGetProperty("method", out var method) ? method.GetString() ?? "scratch" : "scratch",
                BaseModel = root.TryGetProperty("base_model", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null,
                Data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                Training = training,
            };
            if (manifest.Labels.Count < 2 || manifest.Labels.Count != manifest.Prompt.Continuations.Count)
                throw new WrenException($"{path}: {manifest.Labels.Count} labels and {manifest.Prompt.Continuations.Count} continuations (need two or more, one per label)");
            if (!(manifest.Temperature > 0)) throw new WrenException($"{path}: temperature must be positive");
            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WrenException($"{path}: not a task run manifest ({e.Message})");
        }
    }

    public void Save(string runFolder) =>
        AtomicFile.Write(Path.Combine(runFolder, FileName), stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartObject();
            w.WriteNumber("format_version", CurrentVersion);
            w.WriteString("task", Task);
            w.WriteString("kind", Kind);
            WriteStrings(w, "labels", Labels);
            w.WriteStartObject("prompt");
            w.WriteString("prefix", Prompt.Prefix);
            w.WriteString("suffix", Prompt.Suffix);
            WriteStrings(w, "continuations", Prompt.Continuations);
            w.WriteNumber("max_input_tokens", Prompt.MaxInputTokens);
            w.WriteNumber("tail_tokens", Prompt.TailTokens);
            w.WriteEndObject();
            w.WriteNumber("temperature", Math.Round(Temperature, 6));
            w.WriteString("model", Model);
            w.WriteString("method", Method);
            if (BaseModel is not null) w.WriteString("base_model", BaseModel);
            if (Data is not null) w.WriteString("data", Data);
            w.WriteStartObject("training");
            foreach (var (name, value) in Training.OrderBy(p => p.Key, StringComparer.Ordinal))
                w.WriteNumber(name, double.IsFinite(value) ? Math.Round(value, 6) : 0);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static List<string> Strings(JsonElement array)
    {
        var list = new List<string>();
        foreach (var e in array.EnumerateArray()) list.Add(e.GetString() ?? throw new FormatException("expected strings"));
        return list;
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
