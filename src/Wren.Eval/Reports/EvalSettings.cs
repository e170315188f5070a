using System.Globalization;
using Wren.Eval.Scoring;
using Wren.Eval.Tasks;

namespace Wren.Eval.Reports;

/// <summary>The settings an <see cref="EvalReport"/> records so its numbers can be reproduced, in lm-evaluation-harness's names.</summary>
public static class EvalSettings
{
    /// <summary>The settings of a run over <paramref name="tasks"/> (the <c>--tasks</c> list) with at most <paramref name="limit"/> items per task.</summary>
    public static IReadOnlyDictionary<string, string> Describe(string tasks, int? limit, EvalRunOptions run, ScorerOptions scorer)
    {
        var c = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>
        {
            ["tasks"] = tasks,
            ["limit"] = limit?.ToString(c) ?? "all",
            ["shots"] = run.Shots.ToString(c),
            ["seed"] = run.Seed.ToString(c),
            ["max_length"] = scorer.MaxLength?.ToString(c) ?? "model",
            ["stride"] = run.Perplexity.Stride?.ToString(c) ?? "max_length",
            ["target_delimiter"] = " ",
            ["add_bos"] = scorer.AddBos ? "true" : "false",
        };
    }
}
