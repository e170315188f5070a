using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Runtime.Diagnostics;

namespace Wren.Eval.Classification;

/// <summary>
/// <c>wren task eval --json</c>: one object, <c>{"task", "kind", "n", "accuracy", "macro_f1", "per_class",
/// "latency_ms_p50", "latency_ms_p95", "size_bytes", "confusion", "baselines": {"majority": {...}, "tfidf_logreg": {...},
/// ...}, "learning_curve", "verdict"}</c>, each baseline with the same metric keys as the model.
/// </summary>
public static class TaskEvalJson
{
    public static string Render(TaskEvalReport report)
    {
        using var buffer = new MemoryStream();
        Write(report, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Save(TaskEvalReport report, string path) => AtomicFile.Write(path, stream => Write(report, stream));

    public static void Write(TaskEvalReport report, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("task", report.Task);
        w.WriteString("kind", report.Kind);
        w.WriteNumber("n", report.Test.Count);
        if (report.Model is { } model)
        {
            w.WriteString("model", model.Description);
            WriteResult(w, model);
            WriteConfusion(w, model.Metrics);
        }

        w.WriteStartObject("baselines");
        foreach (var b in report.Baselines)
        {
            w.WriteStartObject(b.Name);
            w.WriteString("description", b.Description);
            WriteResult(w, b);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartArray("learning_curve");
        foreach (var p in report.LearningCurve)
        {
            w.WriteStartObject();
            w.WriteString("system", p.System);
            w.WriteNumber("fraction", p.Fraction);
            w.WriteNumber("examples", p.Examples);
            w.WriteNumber("accuracy", Round(p.Accuracy));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (report.Training.Count > 0)
        {
            w.WriteStartObject("training");
            foreach (var (k, v) in report.Training) w.WriteNumber(k, double.IsFinite(v) ? Round(v) : 0);
            w.WriteEndObject();
        }

        w.WriteString("verdict", report.Verdict);
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteResult(Utf8JsonWriter w, ClassifierResult r)
    {
        w.WriteNumber("accuracy", Round(r.Metrics.Accuracy));
        w.WriteNumber("macro_f1", Round(r.Metrics.MacroF1));
        w.WriteStartObject("per_class");
        foreach (var c in r.Metrics.PerClass)
        {
            w.WriteStartObject(c.Label);
            w.WriteNumber("precision", Round(c.Precision));
            w.WriteNumber("recall", Round(c.Recall));
            w.WriteNumber("f1", Round(c.F1));
            w.WriteNumber("support", c.Support);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteNumber("latency_ms_p50", Round(r.LatencyP50Ms));
        w.WriteNumber("latency_ms_p95", Round(r.LatencyP95Ms));
        w.WriteNumber("size_bytes", r.SizeBytes);
    }

    private static void WriteConfusion(Utf8JsonWriter w, ClassificationMetrics m)
    {
        w.WriteStartObject("confusion");
        w.WriteStartArray("labels");
        foreach (string l in m.Labels) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteStartArray("matrix");
        foreach (var row in m.Confusion)
        {
            w.WriteStartArray();
            foreach (int v in row) w.WriteNumberValue(v);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static double Round(double v) => Math.Round(v, 6);
}
