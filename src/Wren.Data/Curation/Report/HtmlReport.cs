using System.Globalization;
using System.Net;
using System.Text;
using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Report;

/// <summary>
/// Renders <c>report.html</c> from the run statistics: one self-contained page (inline CSS and SVG,
/// no scripts, nothing fetched) with the summary, a funnel of documents and words per step, a
/// table of steps, score histograms kept vs dropped, each rule with real examples (the offending
/// part highlighted), duplicate clusters, PII counts by type and the language distribution.
/// Numbers carry <c>data-stat</c> attributes so tests can compare them with stats.json.
/// </summary>
public static class HtmlReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(CurationStatistics stats, string recipeYaml)
    {
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Wren curation report</title><style>");
        s.Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}h1,h2,h3{font-weight:600}");
        s.Append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}");
        s.Append("th{background:#f3f3f3}td.l,th.l{text-align:left}mark{background:#ffd54f}pre.ex{white-space:pre-wrap;max-height:14em;overflow:auto;background:#fafafa;border:1px solid #eee;padding:6px;text-align:left;font-size:12px;max-width:640px}");
        s.Append(".grid{display:flex;flex-wrap:wrap;gap:12px}.evidence{font-size:13px;margin:2px 0;max-width:640px}.k{color:#2e8b57}.d{color:#c0392b}");
        s.Append("</style></head><body>");
        s.Append("<h1>Wren curation report</h1>");

        s.Append("<h2>Summary</h2><table><tr><th class=\"l\"></th><th>documents</th><th>bytes</th><th>words</th></tr>");
        Row(s, "input", stats.Input);
        Row(s, "curated", stats.Output);
        s.Append(Invariant, $"<tr><td class=\"l\">rejected</td><td data-stat=\"rejected\">{N(stats.Rejected)}</td><td></td><td></td></tr></table>");
        s.Append(Invariant, $"<p>{stats.Shards} input shards, {stats.Threads} threads, {stats.WallSeconds:0.0} s.</p>");

        s.Append("<h2>Funnel</h2>");
        var points = new List<(string, long, long)> { ("input", stats.Input.Documents, stats.Input.Words) };
        foreach (var step in stats.Steps)
        {
            points.Add(("after " + step.Step, step.Kept, step.WordsOut));
        }
        s.Append(SvgCharts.Funnel(points));
        KindFunnels(s, stats);

        s.Append("<h2>Steps</h2><table><tr><th class=\"l\">step</th><th>documents in</th><th>kept</th><th>dropped</th><th>changed</th><th>MB in</th><th>seconds</th><th>MB/s</th></tr>");
        foreach (var step in stats.Steps)
        {
            double mb = step.BytesIn / 1e6;
            s.Append(Invariant, $"<tr data-step=\"{E(step.Step)}\"><td class=\"l\">{E(step.Step)}</td><td data-stat=\"{E(step.Step)}.documents_in\">{N(step.DocumentsIn)}</td><td data-stat=\"{E(step.Step)}.kept\">{N(step.Kept)}</td><td data-stat=\"{E(step.Step)}.dropped\">{N(step.DroppedTotal)}</td><td data-stat=\"{E(step.Step)}.changed\">{N(step.Changed)}</td><td>{mb:0.00}</td><td>{step.Seconds:0.000}</td><td>{step.MegabytesPerSecond:0.0}</td></tr>");
        }
        s.Append("</table>");

        s.Append("<h2>Scores: kept <span class=\"k\">■</span> vs dropped <span class=\"d\">■</span></h2><div class=\"grid\">");
        foreach (var step in stats.Steps)
        {
            foreach (var (name, h) in step.Histograms)
            {
                s.Append(SvgCharts.KeptDroppedHistogram($"{step.Step}: {name}", h.Min, h.Max, h.Log, h.Kept, h.Dropped));
            }
        }
        s.Append("</div>");

        s.Append("<h2>Rules</h2>");
        foreach (var step in stats.Steps)
        {
            if (step.Dropped.Count == 0 && step.Counters.Count == 0)
            {
                continue;
            }
            s.Append(Invariant, $"<h3>{E(step.Step)}</h3>");
            if (step.Dropped.Count > 0)
            {
                s.Append("<table><tr><th class=\"l\">rule</th><th>dropped</th><th class=\"l\">examples: value / threshold, evidence, text (the offending part marked)</th></tr>");
                foreach (var (rule, count) in step.Dropped.OrderByDescending(kv => kv.Value))
                {
                    s.Append(Invariant, $"<tr><td class=\"l\">{E(rule)}</td><td data-stat=\"{E(step.Step)}.{E(rule)}\">{N(count)}</td><td class=\"l\">");
                    if (step.Examples.TryGetValue(rule, out var examples))
                    {
                        foreach (var ex in examples)
                        {
                            s.Append(Invariant, $"<div><code>{E(ex.Id)}</code>: {ex.Value:0.####} vs {ex.Threshold:0.####}<div class=\"evidence\">{E(ex.Evidence.Length > 0 ? ex.Evidence : "(no evidence recorded by this version)")}</div><pre class=\"ex\">{Highlight(ex.Excerpt, ex.Highlight)}</pre></div>");
                        }
                    }
                    s.Append("</td></tr>");
                }
                s.Append("</table>");
            }
            if (step.Counters.Count > 0)
            {
                s.Append("<table><tr><th class=\"l\">counter</th><th>count</th></tr>");
                foreach (var (name, value) in step.Counters)
                {
                    s.Append(Invariant, $"<tr><td class=\"l\">{E(name)}</td><td>{N(value)}</td></tr>");
                }
                s.Append("</table>");
            }
        }

        s.Append("<h2>Duplicate clusters</h2>");
        if (stats.Duplicates is { } dup)
        {
            s.Append(Invariant, $"<p><span data-stat=\"duplicates.clusters\">{N(dup.Clusters)}</span> clusters holding {N(dup.DocumentsInClusters)} documents; {N(dup.BoilerplateLines)} boilerplate lines and paragraphs (in at least the recipe&#39;s min_documents documents each).</p>");
            if (dup.Largest.Count > 0)
            {
                s.Append("<table><tr><th>size</th><th class=\"l\">kept</th><th class=\"l\">dropped members (rule, Jaccard with kept)</th></tr>");
                foreach (var c in dup.Largest)
                {
                    s.Append(Invariant, $"<tr><td>{c.Size}</td><td class=\"l\"><code>{E(c.Kept.Id)}</code> ({N(c.Kept.Chars)} chars)</td><td class=\"l\">");
                    s.Append(string.Join("<br>", c.Dropped.Select(m => $"<code>{E(m.Id)}</code> {E(m.Rule)} {m.Jaccard.ToString("0.###", Invariant)}")));
                    s.Append("</td></tr>");
                }
                s.Append("</table>");
            }
        }
        else
        {
            s.Append("<p>Deduplication was not run.</p>");
        }

        s.Append("<h2>PII redacted, by type</h2>");
        if (stats.Pii.Count > 0)
        {
            s.Append(SvgCharts.HorizontalBars(stats.Pii.Select(kv => (kv.Key, (double)kv.Value)).ToList(), "#8e44ad"));
            s.Append("<table><tr><th class=\"l\">type</th><th>count</th></tr>");
            foreach (var (type, count) in stats.Pii)
            {
                s.Append(Invariant, $"<tr><td class=\"l\">{E(type)}</td><td data-stat=\"pii.{E(type)}\">{N(count)}</td></tr>");
            }
            s.Append("</table>");
        }
        else
        {
            s.Append("<p>None found.</p>");
        }

        s.Append("<h2>Languages</h2>");
        if (stats.Languages.Count > 0)
        {
            // Earlier steps (normalize, gopher_repetition) may drop documents before language ID sees them.
            s.Append("<p>Documents that reached language ID, by the language detected.</p>");
            s.Append(SvgCharts.HorizontalBars(stats.Languages.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, (double)kv.Value)).ToList(), "#16a085"));
            s.Append("<table><tr><th class=\"l\">language</th><th>documents</th></tr>");
            foreach (var (language, count) in stats.Languages.OrderByDescending(kv => kv.Value))
            {
                s.Append(Invariant, $"<tr><td class=\"l\">{E(language)}</td><td data-stat=\"language.{E(language)}\">{N(count)}</td></tr>");
            }
            s.Append("</table>");
        }
        else
        {
            s.Append("<p>Language identification was not run.</p>");
        }

        s.Append("<h2>Recipe</h2><pre class=\"ex\">").Append(E(recipeYaml)).Append("</pre>");
        s.Append("</body></html>");
        return s.ToString();
    }

    private static readonly string[] KindColors = ["#3b6ea5", "#d35400", "#16a085", "#7f8c8d"];

    /// <summary>
    /// A funnel per source kind (documents of that kind left after each step) and a table of the same
    /// numbers with each step's drops, so a kind that loses most of its documents to one rule shows it.
    /// </summary>
    private static void KindFunnels(StringBuilder s, CurationStatistics stats)
    {
        var kinds = SourceKindOrder(stats.Steps.SelectMany(step => step.Kinds.Keys).Distinct());
        if (kinds.Count == 0)
        {
            return;
        }
        s.Append("<h2>Funnel by kind of source</h2><p>Each document's kind comes from its ingest format (recipe section <code>kinds</code>); ");
        s.Append("long-form documents, mail and records are judged with their own thresholds, anything else as web crawl.</p><div class=\"grid\">");
        for (int k = 0; k < kinds.Count; k++)
        {
            string kind = kinds[k];
            var points = new List<(string, long)>();
            var first = stats.Steps.FirstOrDefault(step => step.Kinds.ContainsKey(kind));
            points.Add(("input", first?.Kinds[kind].In ?? 0));
            foreach (var step in stats.Steps)
            {
                points.Add(("after " + step.Step, step.Kinds.TryGetValue(kind, out var c) ? c.Kept : points[^1].Item2));
            }
            s.Append(SvgCharts.KindFunnel(kind, points, KindColors[k % KindColors.Length]));
        }
        s.Append("</div><table><tr><th class=\"l\">step</th>");
        foreach (string kind in kinds)
        {
            s.Append(Invariant, $"<th>{E(kind)} in</th><th>{E(kind)} kept</th>");
        }
        s.Append("</tr>");
        foreach (var step in stats.Steps)
        {
            s.Append(Invariant, $"<tr><td class=\"l\">{E(step.Step)}</td>");
            foreach (string kind in kinds)
            {
                var c = step.Kinds.GetValueOrDefault(kind);
                s.Append(Invariant, $"<td data-stat=\"{E(step.Step)}.{E(kind)}.in\">{N(c?.In ?? 0)}</td><td data-stat=\"{E(step.Step)}.{E(kind)}.kept\">{N(c?.Kept ?? 0)}</td>");
            }
            s.Append("</tr>");
        }
        s.Append("</table>");
    }

    /// <summary>Kinds in the order of <see cref="Recipe.SourceKinds.Names"/>, any others after them.</summary>
    private static List<string> SourceKindOrder(IEnumerable<string> kinds)
    {
        var present = kinds.ToHashSet(StringComparer.Ordinal);
        var ordered = Recipe.SourceKinds.Names.Where(present.Contains).ToList();
        ordered.AddRange(present.Where(k => !ordered.Contains(k)).Order(StringComparer.Ordinal));
        return ordered;
    }

    /// <summary>The excerpt with the first occurrence of the evidence wrapped in &lt;mark&gt;.</summary>
    internal static string Highlight(string excerpt, string? evidence)
    {
        if (string.IsNullOrEmpty(evidence))
        {
            return E(excerpt);
        }
        int at = excerpt.IndexOf(evidence, StringComparison.Ordinal);
        if (at < 0)
        {
            return E(excerpt) + "\n<mark>" + E(evidence) + "</mark>";
        }
        return E(excerpt[..at]) + "<mark>" + E(evidence) + "</mark>" + E(excerpt[(at + evidence.Length)..]);
    }

    private static void Row(StringBuilder s, string label, CurationTotals totals) =>
        s.Append(Invariant, $"<tr><td class=\"l\">{label}</td><td data-stat=\"{label}.documents\">{N(totals.Documents)}</td><td data-stat=\"{label}.bytes\">{N(totals.Bytes)}</td><td data-stat=\"{label}.words\">{N(totals.Words)}</td></tr>");

    private static string N(long value) => value.ToString("N0", Invariant);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
