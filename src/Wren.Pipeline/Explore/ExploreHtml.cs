using System.Globalization;
using System.Net;
using System.Text;
using Wren.Data.Curation.Report;

namespace Wren.Pipeline.Explore;

/// <summary><c>explore.html</c>: the report as a page to read, with inline SVG charts (no scripts, nothing fetched).</summary>
public static class ExploreHtml
{
    public const string FileName = "explore.html";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(ExploreReport r)
    {
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Wren explore</title><style>");
        s.Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}h1,h2,h3{font-weight:600}");
        s.Append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}");
        s.Append("th{background:#f3f3f3}td.l,th.l{text-align:left}code,pre{background:#f6f6f6;padding:2px 4px;font-size:12px}pre{white-space:pre-wrap;padding:6px}");
        s.Append(".card{border:1px solid #ddd;border-radius:6px;padding:0.6em 1em;margin:0 0 1em}.muted{color:#666}.win{color:#2e8b57}.lose{color:#c0392b}");
        s.Append("</style></head><body><h1>What is in this data, and which small models it could make</h1>");
        s.Append(Invariant, $"<p>{E(string.Join(", ", r.Sources))}: <b>{N(r.Documents)}</b> documents, {N(r.Words)} words, {(r.TokensEstimated ? "about " : "")}<b>{ExploreCosts.Human(r.Tokens)}</b> tokens{(r.TokensEstimated ? " (estimated from UTF-8 bytes / 4; give --tokenizer to count)" : "")}. ");
        s.Append(Invariant, $"The default curation recipe keeps <b>{r.KeptFraction:P0}</b> of the documents it looked at. Explored in {r.Seconds:0.0} s");
        s.Append(r.AnalysedFraction < 1
            ? string.Create(Invariant, $"; quality, PII, language and near-duplicates were measured on a seeded {r.AnalysedFraction:P1} of the documents (every document was counted).</p>")
            : ".</p>");

        Candidates(s, r);
        Inventory(s, r);
        Quality(s, r);
        Cost(s, r);
        s.Append("</body></html>\n");
        return s.ToString();
    }

    private static void Candidates(StringBuilder s, ExploreReport r)
    {
        s.Append("<h2>Candidate tasks</h2>");
        if (r.Candidates.Count == 0)
        {
            s.Append("<p>No task stands out in this data's structure: no label-like column beside text, no mail lists or folders, too few replies.</p>");
            return;
        }

        foreach (var c in r.Candidates)
        {
            s.Append(Invariant, $"<div class=\"card\" data-kind=\"{E(c.Kind)}\"><h3>{E(c.Title)}</h3><p class=\"muted\">{E(c.Kind)} · {E(c.Source)} · {N(c.Examples)} examples</p>");
            if (c.Labels is { Count: > 0 } labels)
                s.Append(SvgCharts.HorizontalBars(labels.Take(20).Select(p => (p.Key, (double)p.Value)).ToList(), "#4a90d9"));
            if (c.Baseline is { } b)
            {
                bool beats = b.Accuracy > b.MajorityAccuracy + 0.02;
                s.Append(Invariant, $"<p>Baseline ({b.Folds}-fold cross-validated TF-IDF + logistic regression on {N(b.Examples)} examples{(b.L2 is float l2 ? string.Create(Invariant, $"; L2 {l2:G2} chosen on the first fold, accuracy on the other {N(b.Scored)}") : "")}): accuracy <b>{b.Accuracy:P1}</b>, macro-F1 {b.MacroF1:0.000}, ");
                s.Append(Invariant, $"against {b.MajorityAccuracy:P1} for always answering the most common label: <span class=\"{(beats ? "win" : "lose")}\">{(beats ? "the words carry the label; a task model has this to beat" : "the words barely predict the label here")}</span>.</p>");
                if (b.Curve.Count > 1)
                    s.Append(Invariant, $"<p class=\"muted\">Learning curve (training examples per fold: accuracy): {E(string.Join(", ", b.Curve.Select(p => string.Create(Invariant, $"{p.TrainingExamples:N0}: {p.Accuracy:P1}"))))}.</p>");
            }

            if (c.Lift is { } lift)
                s.Append(Invariant, $"<p>Expected with more data: <b>{lift.ExpectedAccuracy:P1}</b> ({(lift.Lift >= 0 ? "+" : "")}{lift.Lift * 100:0.0} points) with {N(lift.TrainingExamples)} training examples. <span class=\"muted\">{E(lift.Basis)}</span></p>");

            if (c.Build is { } e)
                s.Append(Invariant, $"<p>Wren would build: {E(e.Model)}, about {ExploreCosts.Human(e.TrainingTokens)} training tokens, <b>{Minutes(e.CpuMinutes)}</b> on this machine's CPU (an optimistic bound); larger: {E(e.Larger)}, {e.GpuHours:0.##} GPU-hours on {E(e.Gpu)}{(e.GpuCostUsd is double usd ? string.Create(Invariant, $", ${usd:0.##}") : "")}.</p>");
            if (c.Command is not null) s.Append(Invariant, $"<pre>{E(c.Command)}</pre>");
            if (c.Note is not null) s.Append(Invariant, $"<p class=\"muted\">{E(c.Note)}</p>");
            s.Append("</div>");
        }
    }

    private static void Inventory(StringBuilder s, ExploreReport r)
    {
        var inv = r.Inventory;
        s.Append("<h2>Inventory</h2><h3>Documents by format</h3>");
        s.Append(SvgCharts.HorizontalBars(inv.Formats.Select(f => (f.Format, (double)f.Documents)).ToList(), "#7b68ee", " docs"));
        s.Append("<table><tr><th class=\"l\">format</th><th>documents</th><th>MB</th><th>words</th></tr>");
        foreach (var f in inv.Formats) s.Append(Invariant, $"<tr><td class=\"l\">{E(f.Format)}</td><td>{N(f.Documents)}</td><td>{f.Bytes / 1e6:0.00}</td><td>{N(f.Words)}</td></tr>");
        s.Append("</table>");
        if (inv.FirstDate is not null) s.Append(Invariant, $"<p>Dates from {E(inv.FirstDate)} to {E(inv.LastDate ?? "")}.</p>");
        if (r.Languages.Count > 0)
        {
            s.Append("<h3>Languages (documents analysed)</h3>");
            s.Append(SvgCharts.HorizontalBars(r.Languages.Take(12).Select(p => (p.Key, (double)p.Value)).ToList(), "#20b2aa"));
        }

        var mail = inv.Mail;
        if (mail.Messages > 0)
        {
            s.Append(Invariant, $"<h3>Mail</h3><p>{N(mail.Messages)} messages ({N(mail.Attachments)} attachments read as documents), {N(mail.DistinctSenders)} distinct senders, {N(mail.Replies)} replies.</p>");
            if (mail.Lists.Count > 0)
            {
                s.Append("<p>Mailing lists (List-Id):</p>");
                s.Append(SvgCharts.HorizontalBars(mail.Lists.Take(15).Select(l => (l.Name, (double)l.Count)).ToList(), "#e67e22"));
            }

            if (mail.SenderDomains.Count > 0)
            {
                s.Append("<p>Sender domains (addresses are never shown):</p>");
                s.Append(SvgCharts.HorizontalBars(mail.SenderDomains.Select(l => (l.Name, (double)l.Count)).ToList(), "#95a5a6"));
            }
        }

        foreach (var t in inv.Tables)
        {
            s.Append(Invariant, $"<h3>Table {E(t.Source)}</h3><p>{N(t.Rows)} rows ({E(t.Format)}), text column <code>{E(t.TextColumn)}</code>.</p>");
            s.Append("<table><tr><th class=\"l\">column</th><th>filled</th><th>distinct</th><th>mean length</th><th class=\"l\">looks like</th></tr>");
            foreach (var c in t.Columns)
                s.Append(Invariant, $"<tr><td class=\"l\">{E(c.Name)}</td><td>{N(c.Filled)}</td><td>{(c.DistinctCapped ? "&gt; " : "")}{N(c.Distinct)}</td><td>{c.MeanLength:0}</td><td class=\"l\">{E(c.Role)}</td></tr>");
            s.Append("</table>");
        }

        if (inv.UnreadableCount > 0)
        {
            s.Append(Invariant, $"<h3>Unreadable ({N(inv.UnreadableCount)})</h3><table><tr><th class=\"l\">file</th><th class=\"l\">why</th></tr>");
            foreach (var u in inv.Unreadable) s.Append(Invariant, $"<tr><td class=\"l\">{E(u.File)}</td><td class=\"l\">{E(u.Error)}</td></tr>");
            s.Append("</table>");
        }
    }

    private static void Quality(StringBuilder s, ExploreReport r)
    {
        var q = r.Quality;
        s.Append(Invariant, $"<h2>Quality</h2><p>Of {N(q.Analysed)} documents analysed, the default curation recipe keeps {N(q.Kept)}. Exact duplicates: {N(q.ExactDuplicates)} ({q.ExactDuplicateRate:P1} of all documents); near-duplicates (MinHash, Jaccard ≥ 0.8, exact copies included): {N(q.NearDuplicates)} ({q.NearDuplicateRate:P1} of those analysed).</p>");
        s.Append(SvgCharts.HorizontalBars(q.ByKind.Select(k => (k.Kind + " kept", k.Documents == 0 ? 0 : 100.0 * k.Kept / k.Documents)).ToList(), "#2e8b57", "%"));
        s.Append("<table><tr><th class=\"l\">kind</th><th>documents</th><th>kept</th><th class=\"l\">dropped by rule</th><th class=\"l\">examples (PII masked)</th></tr>");
        foreach (var k in q.ByKind)
        {
            string dropped = string.Join("<br>", k.Dropped.Select(p => string.Create(Invariant, $"{E(p.Key)}: {N(p.Value)}")));
            string examples = string.Join("", k.Examples.Select(e => string.Create(Invariant, $"<div><code>{E(e.Rule)}</code> {E(e.Source)}<pre>{E(e.Excerpt)}</pre></div>")));
            s.Append(Invariant, $"<tr><td class=\"l\">{E(k.Kind)}</td><td>{N(k.Documents)}</td><td>{N(k.Kept)}</td><td class=\"l\">{dropped}</td><td class=\"l\">{examples}</td></tr>");
        }

        s.Append("</table><h3>Personal data and secrets</h3>");
        if (r.Pii.Count == 0)
        {
            s.Append("<p>None found.</p>");
            return;
        }

        s.Append(SvgCharts.HorizontalBars(r.Pii.Select(p => (p.Key, (double)p.Value)).ToList(), "#c0392b"));
        s.Append("<p class=\"muted\">Examples in context with every finding replaced by its placeholder; values are never shown.</p><table><tr><th class=\"l\">type</th><th class=\"l\">where</th><th class=\"l\">context</th></tr>");
        foreach (var e in q.PiiExamples) s.Append(Invariant, $"<tr><td class=\"l\">{E(e.Type)}</td><td class=\"l\">{E(e.Source)}</td><td class=\"l\"><code>{E(e.Masked)}</code></td></tr>");
        s.Append("</table>");
    }

    private static void Cost(StringBuilder s, ExploreReport r)
    {
        var c = r.Cost;
        s.Append(Invariant, $"<h2>Size and cost</h2><p>About <b>{ExploreCosts.Human(c.TokensAfterCuration)}</b> tokens after curation. {E(c.Chinchilla)}</p>");
        s.Append(Invariant, $"<p class=\"muted\">GPU: {E(c.Gpu)} at the planner's assumed 40% MFU{(c.PricePerGpuHour is double p ? string.Create(Invariant, $", ${p:0.##} per GPU-hour") : "")}; CPU: {c.CpuFlops / 1e9:0} GFLOP/s FP32 matmul ({(c.CpuMeasured ? "measured on this machine" : "assumed")}), all time in matmuls, so CPU times are optimistic bounds.</p>");
        s.Append("<table><tr><th class=\"l\">run</th><th>parameters</th><th>tokens</th><th>passes over the data</th><th>tokens / (20 × parameters)</th><th>CPU hours here</th><th>GPU hours</th><th>cost</th></tr>");
        foreach (var row in c.Rows)
            s.Append(Invariant, $"<tr><td class=\"l\">{E(row.Run)}</td><td>{ExploreCosts.Human(row.Parameters)}</td><td>{ExploreCosts.Human(row.Tokens)}</td><td>{row.Epochs:0.##}</td><td>{row.ChinchillaRatio:0.###}</td><td>{row.CpuHours:0.##}</td><td>{row.GpuHours:0.###}</td><td>{(row.CostUsd is double usd ? string.Create(Invariant, $"${usd:0.##}") : "")}</td></tr>");
        s.Append("</table>");
    }

    private static string Minutes(double minutes) => minutes < 1 ? string.Create(Invariant, $"{minutes * 60:0} s") : minutes < 120 ? string.Create(Invariant, $"{minutes:0} min") : string.Create(Invariant, $"{minutes / 60:0.#} h");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(long n) => n.ToString("N0", Invariant);
}
