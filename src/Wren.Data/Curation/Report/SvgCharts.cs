using System.Globalization;
using System.Net;
using System.Text;

namespace Wren.Data.Curation.Report;

/// <summary>Small inline SVG charts for the report (no scripts, no external resources).</summary>
public static class SvgCharts
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Horizontal bars, one per label, scaled to the largest value; each bar is titled with its exact value.</summary>
    public static string HorizontalBars(IReadOnlyList<(string Label, double Value)> bars, string color, string unit = "")
    {
        const int width = 640, labelWidth = 180, barHeight = 20, gap = 6;
        double max = bars.Count == 0 ? 1 : Math.Max(1e-9, bars.Max(b => b.Value));
        int height = bars.Count * (barHeight + gap) + gap;
        var s = new StringBuilder();
        s.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        for (int i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            int y = gap + i * (barHeight + gap);
            double w = (width - labelWidth - 90) * value / max;
            s.Append(Invariant, $"<text x=\"{labelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\" font-size=\"12\">{Encode(label)}</text>");
            s.Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{w:0.0}\" height=\"{barHeight}\" fill=\"{color}\"><title>{Encode(label)}: {FormatNumber(value)}{unit}</title></rect>");
            s.Append(Invariant, $"<text x=\"{labelWidth + w + 4:0.0}\" y=\"{y + 14}\" font-size=\"12\">{FormatNumber(value)}{unit}</text>");
        }
        s.Append("</svg>");
        return s.ToString();
    }

    /// <summary>A histogram with kept (green) and dropped (red) counts side by side in each bin.</summary>
    public static string KeptDroppedHistogram(string title, double min, double max, bool log, long[] kept, long[] dropped)
    {
        const int width = 420, height = 160, left = 40, bottom = 24, top = 20;
        int bins = kept.Length;
        long peak = Math.Max(1, Math.Max(kept.DefaultIfEmpty().Max(), dropped.DefaultIfEmpty().Max()));
        double binWidth = (double)(width - left - 10) / Math.Max(1, bins);
        var s = new StringBuilder();
        s.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        s.Append(Invariant, $"<text x=\"{left}\" y=\"14\" font-size=\"12\" font-weight=\"bold\">{Encode(title)}{(log ? " (log scale)" : "")}</text>");
        for (int i = 0; i < bins; i++)
        {
            double x = left + i * binWidth;
            double hk = (height - bottom - top) * kept[i] / (double)peak;
            double hd = (height - bottom - top) * dropped[i] / (double)peak;
            double lo = BinEdge(min, max, log, bins, i), hi = BinEdge(min, max, log, bins, i + 1);
            s.Append(Invariant, $"<rect x=\"{x:0.0}\" y=\"{height - bottom - hk:0.0}\" width=\"{binWidth / 2:0.0}\" height=\"{hk:0.0}\" fill=\"#2e8b57\"><title>kept {kept[i]} in [{lo:0.###}, {hi:0.###})</title></rect>");
            s.Append(Invariant, $"<rect x=\"{x + binWidth / 2:0.0}\" y=\"{height - bottom - hd:0.0}\" width=\"{binWidth / 2:0.0}\" height=\"{hd:0.0}\" fill=\"#c0392b\"><title>dropped {dropped[i]} in [{lo:0.###}, {hi:0.###})</title></rect>");
        }
        s.Append(Invariant, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - 10}\" y2=\"{height - bottom}\" stroke=\"#555\"/>");
        s.Append(Invariant, $"<text x=\"{left}\" y=\"{height - 6}\" font-size=\"11\">{FormatNumber(min)}</text>");
        s.Append(Invariant, $"<text x=\"{width - 10}\" y=\"{height - 6}\" font-size=\"11\" text-anchor=\"end\">{FormatNumber(max)}</text>");
        s.Append(Invariant, $"<text x=\"4\" y=\"{top + 10}\" font-size=\"11\">{peak}</text>");
        s.Append("</svg>");
        return s.ToString();
    }

    /// <summary>A funnel: one bar per stage point, width proportional to what remains.</summary>
    public static string Funnel(IReadOnlyList<(string Label, long Documents, long Words)> points)
    {
        const int width = 640, labelWidth = 160, barHeight = 22, gap = 8;
        long maxDocs = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Documents));
        long maxWords = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Words));
        int height = points.Count * (2 * barHeight + gap) + gap;
        int span = width - labelWidth - 150;
        var s = new StringBuilder();
        s.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        for (int i = 0; i < points.Count; i++)
        {
            var (label, docs, words) = points[i];
            int y = gap + i * (2 * barHeight + gap);
            double wd = span * (double)docs / maxDocs;
            double ww = span * (double)words / maxWords;
            s.Append(Invariant, $"<text x=\"{labelWidth - 6}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"12\">{Encode(label)}</text>");
            s.Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{wd:0.0}\" height=\"{barHeight - 2}\" fill=\"#3b6ea5\"><title>{docs} documents</title></rect>");
            s.Append(Invariant, $"<text x=\"{labelWidth + wd + 4:0.0}\" y=\"{y + 15}\" font-size=\"11\">{FormatNumber(docs)} docs</text>");
            s.Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y + barHeight}\" width=\"{ww:0.0}\" height=\"{barHeight - 2}\" fill=\"#8fb3d9\"><title>{words} words</title></rect>");
            s.Append(Invariant, $"<text x=\"{labelWidth + ww + 4:0.0}\" y=\"{y + barHeight + 15}\" font-size=\"11\">{FormatNumber(words)} words</text>");
        }
        s.Append("</svg>");
        return s.ToString();
    }

    /// <summary>
    /// One source kind's funnel: a bar per point (input, then after each step), width proportional to the
    /// documents of that kind still there, labelled with the count and its share of the kind's input.
    /// </summary>
    public static string KindFunnel(string kind, IReadOnlyList<(string Label, long Documents)> points, string color)
    {
        const int width = 420, labelWidth = 150, barHeight = 16, gap = 4, top = 22;
        long input = points.Count == 0 ? 1 : Math.Max(1, points[0].Documents);
        int height = top + points.Count * (barHeight + gap) + gap;
        int span = width - labelWidth - 110;
        var s = new StringBuilder();
        s.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" data-kind=\"{Encode(kind)}\">");
        s.Append(Invariant, $"<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">{Encode(kind)}: {FormatNumber(points.Count == 0 ? 0 : points[0].Documents)} documents in, {FormatNumber(points.Count == 0 ? 0 : points[^1].Documents)} kept</text>");
        for (int i = 0; i < points.Count; i++)
        {
            var (label, docs) = points[i];
            int y = top + i * (barHeight + gap);
            double w = span * (double)docs / input;
            s.Append(Invariant, $"<text x=\"{labelWidth - 6}\" y=\"{y + 12}\" text-anchor=\"end\" font-size=\"11\">{Encode(label)}</text>");
            s.Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{w:0.0}\" height=\"{barHeight}\" fill=\"{color}\"><title>{Encode(kind)} {Encode(label)}: {docs} documents</title></rect>");
            s.Append(Invariant, $"<text x=\"{labelWidth + w + 4:0.0}\" y=\"{y + 12}\" font-size=\"11\">{FormatNumber(docs)} ({100.0 * docs / input:0}%)</text>");
        }
        s.Append("</svg>");
        return s.ToString();
    }

    public static string FormatNumber(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString("N0", Invariant) : value.ToString("0.###", Invariant);

    private static double BinEdge(double min, double max, bool log, int bins, int i)
    {
        if (!log)
        {
            return min + (max - min) * i / bins;
        }
        double lo = Math.Log10(Math.Max(min, 1e-9)), hi = Math.Log10(max);
        return Math.Pow(10, lo + (hi - lo) * i / bins);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
