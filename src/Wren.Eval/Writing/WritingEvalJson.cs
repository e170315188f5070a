using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wren.Eval.Writing;

/// <summary>
/// <c>eval.json</c> and <c>wren task eval --json</c> of a generate or extract task: {task, kind, n, verdict, systems:
/// [{name, description, task_model, exact_match, token_f1, rouge_l, rouge_lsum, chrf | validity, field_exact_match,
/// field_f1, fields, latency_ms_p50, latency_ms_p95, error}], worst: [...], training}.
/// </summary>
public static class WritingEvalJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(WritingEvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var systems = report.Systems.Select(s =>
        {
            var o = new Dictionary<string, object?>
            {
                ["name"] = s.Name,
                ["description"] = s.Description,
                ["task_model"] = s.IsTaskModel,
                ["latency_ms_p50"] = Math.Round(s.LatencyMsP50, 3),
                ["latency_ms_p95"] = Math.Round(s.LatencyMsP95, 3),
            };
            if (s.Error is not null) o["error"] = s.Error;
            if (s.Failed > 0)
            {
                o["failed"] = s.Failed;
                o["failed_reason"] = s.FailedReason;
            }
            if (s.JudgeScore is not null || s.JudgeUngraded > 0)
            {
                o["judge_score"] = s.JudgeScore;
                o["judge_ungraded"] = s.JudgeUngraded;
            }
            if (s.Generation is { } g)
            {
                o["exact_match"] = g.ExactMatch;
                o["token_f1"] = g.TokenF1;
                o["rouge_l"] = g.RougeL;
                o["rouge_lsum"] = g.RougeLsum;
                o["chrf"] = g.ChrF;
            }

            if (s.Extraction is { } x)
            {
                o["validity"] = x.Validity;
                o["field_exact_match"] = x.ExactMatch;
                o["field_f1"] = x.TokenF1;
                o["fields"] = x.Fields.ToDictionary(p => p.Key, p => new { exact_match = p.Value.ExactMatch, token_f1 = p.Value.TokenF1 });
            }

            return o;
        }).ToList();
        var root = new Dictionary<string, object?>
        {
            ["task"] = report.Task,
            ["kind"] = report.Kind,
            ["n"] = report.Count,
            ["verdict"] = report.Verdict,
            ["systems"] = systems,
            ["worst"] = report.Worst.Select(w => new { score = w.Score, input = w.Input, reference = w.Reference, output = w.Output, source = w.Source }).ToList(),
            ["training"] = report.Training,
        };
        return JsonSerializer.Serialize(root, Options) + "\n";
    }
}
