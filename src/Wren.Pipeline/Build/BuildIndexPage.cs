using System.Globalization;
using System.Net;
using System.Text;
using Wren.Eval.Classification;
using Wren.Eval.Reports;
using Wren.Pipeline.Build.Stages;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Build;

/// <summary>
/// DIR/index.html: the whole build on one self-contained page (no scripts, no network; the loss plot is
/// inlined): the targeted tasks beside their baselines first, then the stages, the curation report, training curves, the evaluation table, a cost plan for scaling
/// up, and the sample generations. Every figure carries data-stat/data-value with the number build.json holds.
/// </summary>
public static class BuildIndexPage
{
    public const string FileName = "index.html";

    public static string Write(BuildContext context)
    {
        string path = Path.Combine(context.OutputDirectory, FileName);
        AtomicFile.WriteAllText(path, Render(context));
        return path;
    }

    public static string Render(BuildContext context)
    {
        var state = context.State;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Wren build</title>\n<style>")
            .Append("body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}")
            .Append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:.3em .7em;text-align:left;vertical-align:top}")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums}h2{margin-top:1.8em;border-bottom:2px solid #446;padding-bottom:.2em}")
            .Append(".done{color:#17692d}.skipped{color:#777}.failed{color:#b00}.gen{white-space:pre-wrap;background:#f5f5f7;padding:.7em;border-radius:6px}")
            .Append(".verdict-baseline{color:#b00}.verdict-model{color:#17692d}img{max-width:100%;border:1px solid #ddd}code{background:#f0f0f3;padding:0 .2em}.chance{color:#b00;font-weight:600}")
            .Append("</style></head><body>\n");
        h.Append("<h1>Wren build</h1>\n<p>Built ").Append(E(state.UpdatedUtc.ToString("u", CultureInfo.InvariantCulture)))
            .Append(" by wren ").Append(E(state.ToolVersion)).Append(" from ").Append(E(string.Join(", ", state.Sources)))
            .Append(" with ").Append(state.Recipe is null ? "the default recipe" : "<code>" + E(state.Recipe) + "</code>")
            .Append(". State: <a href=\"").Append(BuildState.FileName).Append("\">").Append(BuildState.FileName).Append("</a>.</p>\n");

        Tasks(h, state);
        Stages(h, state);
        Curation(h, state);
        Training(h, context);
        Evaluation(h, state);
        Plan(h, context);
        Generations(h, context);
        h.Append("</body></html>\n");
        return h.ToString();
    }

    /// <summary>
    /// The build's point leads the page: each task's model beside the baselines on the same test split, and who wins
    /// said plainly. Every cell is a figure of the tasks stage in build.json.
    /// </summary>
    internal static void Tasks(StringBuilder h, BuildState state)
    {
        var r = state.Find(BuildStages.Tasks);
        if (r is null) return;
        var names = r.Metrics.Keys.Where(k => k.EndsWith("/accuracy", StringComparison.Ordinal)).Select(k => k[..^"/accuracy".Length]).ToList();
        if (names.Count == 0) return;
        h.Append("<h2>Tasks</h2>\n");
        foreach (string task in names)
        {
            string key = task + "/";
            double Metric(string name) => r.Metrics.GetValueOrDefault(key + name);
            h.Append("<h3>").Append(E(task)).Append("</h3>\n<p>").Append(Metric("labels").ToString("N0", CultureInfo.InvariantCulture)).Append(" labels, ")
                .Append(Metric("train_examples").ToString("N0", CultureInfo.InvariantCulture)).Append(" training and ")
                .Append(Metric("test_examples").ToString("N0", CultureInfo.InvariantCulture)).Append(" test examples; the ")
                .Append(Link($"{BuildStages.Tasks}/{task}/eval/task.html", "task report")).Append(" has the confusion matrix, the worst errors and the learning curve.</p>\n")
                .Append("<table><tr><th>system</th><th>accuracy</th><th>macro-F1</th><th>latency p50 (ms)</th><th>size (bytes)</th></tr>\n");
            Row(h, r, "task model", key, "");
            var baselines = r.Metrics.Keys.Where(k => k.StartsWith(key, StringComparison.Ordinal) && k.EndsWith("_accuracy", StringComparison.Ordinal))
                .Select(k => k[key.Length..^"_accuracy".Length]).ToList();
            foreach (string b in baselines) Row(h, r, b.Replace('_', ' '), key, b + "_");
            var best = baselines.OrderByDescending(b => Metric(b + "_accuracy")).FirstOrDefault();
            h.Append("</table>\n");
            if (best is not null)
            {
                double model = Metric("accuracy"), baseline = Metric(best + "_accuracy");
                string verdict = TaskVerdict.Outcome(model, baseline) switch { VerdictOutcome.BaselineWins => "baseline", VerdictOutcome.ModelWins => "model", _ => "tie" };
                h.Append("<p class=\"verdict-").Append(verdict).Append("\" data-task-verdict=\"").Append(verdict).Append("\"><b>")
                    .Append(E(TaskVerdict.Say(model, best.Replace('_', ' '), baseline))).Append("</b></p>\n");
            }
        }
    }

    private static void Row(StringBuilder h, StageRecord r, string label, string key, string prefix)
    {
        h.Append("<tr><td>").Append(E(label)).Append("</td>");
        Cell(h, $"{r.Name}.{key}{prefix}accuracy", r.Metrics.GetValueOrDefault(key + prefix + "accuracy"), "P1");
        foreach (var (metric, format) in new[] { ("macro_f1", "F3"), ("latency_ms_p50", "F2"), ("size_bytes", "N0") })
        {
            if (r.Metrics.TryGetValue(key + prefix + metric, out double value)) Cell(h, $"{r.Name}.{key}{prefix}{metric}", value, format);
            else h.Append("<td></td>");
        }
        h.Append("</tr>\n");
    }

    private static void Stages(StringBuilder h, BuildState state)
    {
        h.Append("<h2>Stages</h2>\n<table><tr><th>stage</th><th>status</th><th>seconds</th><th>result</th><th>outputs</th></tr>\n");
        foreach (var r in state.Stages)
        {
            h.Append("<tr><td>").Append(E(r.Name)).Append("</td><td class=\"").Append(E(r.Status)).Append("\" data-stage-status=\"").Append(E(r.Name)).Append("\">").Append(E(r.Status))
                .Append("</td><td class=\"n\">").Append(r.Seconds.ToString("F1", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(StageHeadline.For(r))).Append("</td><td>");
            foreach (string o in r.Outputs) h.Append(Link(o, o)).Append("<br>");
            h.Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static void Curation(StringBuilder h, BuildState state)
    {
        var r = state.Find(BuildStages.Curate);
        var ingest = state.Find(BuildStages.Ingest);
        h.Append("<h2>Data</h2>\n<p>The ").Append(Link("curate/report.html", "curation report")).Append(" shows every step, rule and dropped document; ")
            .Append(Link("ingest/ingest-errors.jsonl", "ingest errors")).Append(" lists the inputs that could not be read.</p>\n<table>\n");
        if (ingest is not null) Rows(h, ingest, ("documents", "documents ingested", "N0"), ("input_files", "input files", "N0"), ("errors", "unreadable inputs", "N0"));
        if (r is not null) Rows(h, r, ("input_documents", "documents into curation", "N0"), ("kept_documents", "documents kept", "N0"), ("rejected_documents", "documents rejected", "N0"), ("kept_words", "words kept", "N0"));
        var tokens = state.Find(BuildStages.Tokens);
        if (tokens is not null) Rows(h, tokens, ("train_tokens", "training tokens", "N0"), ("validation_tokens", "validation tokens", "N0"));
        h.Append("</table>\n");
    }

    private static void Training(StringBuilder h, BuildContext context)
    {
        var r = context.State.Find(BuildStages.Train);
        h.Append("<h2>Training</h2>\n");
        if (r is null) return;
        string png = context.PathOf(BuildStages.Train, "loss.png");
        if (File.Exists(png))
        {
            h.Append("<p><img alt=\"training and validation loss by step\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(File.ReadAllBytes(png))).Append("\"></p>\n");
        }
        h.Append("<p>Curves: ").Append(Link("train/loss.png", "loss.png")).Append(", every step in ").Append(Link("train/metrics.jsonl", "metrics.jsonl"))
            .Append("; the model: ").Append(Link("train/model/config.json", "train/model")).Append(".</p>\n<table>\n");
        Rows(h, r, ("parameters", "parameters", "N0"), ("steps", "steps", "N0"), ("tokens_seen", "tokens seen", "N0"),
            ("final_train_loss", "final training loss", "F4"), ("final_validation_loss", "final validation loss", "F4"),
            ("best_validation_loss", "best validation loss", "F4"), ("tokens_per_second", "tokens per second", "N0"));
        h.Append("</table>\n");
    }

    internal static void Evaluation(StringBuilder h, BuildState state)
    {
        var r = state.Find(BuildStages.Eval);
        h.Append("<h2>Evaluation</h2>\n<p>Scored as lm-evaluation-harness scores them, on documents held out from training (")
            .Append(Link("eval/eval.json", "eval.json")).Append(", charts in ").Append(Link("eval/eval.html", "eval.html")).Append(").</p>\n");
        if (r is null) return;
        h.Append("<table><tr><th>task</th><th>metric</th><th>value</th><th></th></tr>\n");
        foreach (var (key, value) in r.Metrics)
        {
            int slash = key.LastIndexOf('/');
            if (slash < 0) continue;
            string task = key[..slash], metric = key[(slash + 1)..];
            h.Append("<tr><td>").Append(E(task)).Append("</td><td>").Append(E(metric)).Append("</td>");
            Cell(h, BuildStages.Eval + "." + key, value, value == Math.Floor(value) && Math.Abs(value) >= 1 ? "N0" : "F4");
            h.Append("<td>");
            // An accuracy no better than guessing says the model has not learned the task (yet): say so beside it.
            if (metric is "acc" or "acc_norm" && r.Metrics.TryGetValue(task + "/chance", out double chance) && value <= chance)
            {
                h.Append("<span class=\"chance\" data-not-above-chance=\"").Append(E(key)).Append("\">not above chance (")
                    .Append(chance.ToString("0.###", CultureInfo.InvariantCulture)).Append("): no better than guessing</span>");
            }
            h.Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static void Plan(StringBuilder h, BuildContext context)
    {
        var train = context.State.Find(BuildStages.Train);
        var plan = context.Recipe.Plan;
        h.Append("<h2>Scaling up: cost plan</h2>\n");
        if (train is null) return;
        IReadOnlyList<CostPlanRow> rows;
        try
        {
            rows = CostPlan.For(train, plan);
        }
        catch (WrenException e)
        {
            h.Append("<p>No plan: ").Append(E(e.Message)).Append("</p>\n");
            return;
        }
        if (rows.Count == 0) return;
        h.Append("<p>The same recipe at larger scale: this model on more tokens, the larger presets and a 1B-parameter model, on ").Append(plan.Gpus).Append(" x ").Append(E(rows[0].Estimate.Plan.Hardware.Description))
            .Append(" at an assumed MFU of ").Append(plan.Mfu.ToString("0.##", CultureInfo.InvariantCulture))
            .Append(plan.PricePerGpuHour > 0 ? $" and ${plan.PricePerGpuHour.ToString("0.00", CultureInfo.InvariantCulture)} per GPU-hour" : "")
            .Append(" (the recipe's <code>plan</code> section; <code>wren plan</code> gives memory and serving figures).</p>\n")
            .Append("<table><tr><th>scale</th><th>tokens</th><th>training FLOPs</th><th>wall-clock</th><th>GPU-hours</th><th>cost (USD)</th><th>memory per GPU</th></tr>\n");
        foreach (var row in rows)
        {
            var e = row.Estimate;
            h.Append("<tr><td>").Append(E(row.Label)).Append("</td><td class=\"n\">").Append(e.TrainingTokens.ToString("0.###e+0", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(e.TrainingFlops.ToString("0.###e+0", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(E(Duration(e.Seconds)))
                .Append("</td><td class=\"n\">").Append(e.GpuHours.ToString("0.####", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(e.CostUsd is { } cost ? cost.ToString("0.####", CultureInfo.InvariantCulture) : "-")
                .Append("</td><td class=\"n\">").Append((e.FullTraining.TotalBytes / 1e9).ToString("0.###", CultureInfo.InvariantCulture)).Append(" GB</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static void Generations(StringBuilder h, BuildContext context)
    {
        h.Append("<h2>Sample generations</h2>\n");
        foreach (var (prompt, text) in SampleGenerations.Read(context.OutputDirectory))
        {
            h.Append("<p class=\"gen\"><b>").Append(E(prompt)).Append("</b>").Append(E(text)).Append("</p>\n");
        }
        h.Append("<p>Run the model: <code>wren generate --model ").Append(E(Path.Combine(context.OutputDirectory, "train", "model")))
            .Append(" --prompt \"...\"</code>; the GGUF files in ").Append(Link("export/", "export/")).Append(" run in llama.cpp, Ollama and LM Studio.</p>\n");
        if (File.Exists(Path.Combine(context.OutputDirectory, "export", Wren.Pipeline.Build.Stages.ExportBuildStage.WebFolder, "index.html")))
        {
            h.Append("<p>In a browser tab, with no server: ").Append(Link("export/web/index.html", "the exported site"))
                .Append(" (serve the folder over HTTP, e.g. <code>python3 -m http.server -d export/web</code>; publish it to any static host).</p>\n");
        }
        if (File.Exists(Path.Combine(context.OutputDirectory, "export", Wren.Pipeline.Build.Stages.ExportBuildStage.WorkerFolder, "wrangler.toml")))
        {
            h.Append("<p>At the edge: ").Append(Link("export/worker/README.md", "a Cloudflare Workers project"))
                .Append(" serving the OpenAI API from the model (<code>npx wrangler dev</code> in export/worker).</p>\n");
        }
    }

    private static void Rows(StringBuilder h, StageRecord r, params (string Key, string Label, string Format)[] rows)
    {
        foreach (var (key, label, format) in rows)
        {
            if (!r.Metrics.TryGetValue(key, out double value)) continue;
            h.Append("<tr><td>").Append(E(label)).Append("</td>");
            Cell(h, r.Name + "." + key, value, format);
            h.Append("</tr>\n");
        }
    }

    private static void Cell(StringBuilder h, string stat, double value, string format) =>
        h.Append("<td class=\"n\" data-stat=\"").Append(E(stat)).Append("\" data-value=\"").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append("\">")
            .Append(value.ToString(format, CultureInfo.InvariantCulture)).Append("</td>");

    private static string Link(string href, string text) => $"<a href=\"{E(href)}\">{E(text)}</a>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Duration(double seconds) => seconds switch
    {
        < 0.1 => "< 0.1 s",
        < 120 => seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        < 7200 => (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min",
        < 172_800 => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h",
        _ => (seconds / 86_400).ToString("0.#", CultureInfo.InvariantCulture) + " days",
    };
}
