using Wren.Cli.Build.Recipe;
using Wren.Eval.Planning;

namespace Wren.Cli.Build;

/// <summary>
/// What training the same model shape on more data would take on the recipe's GPU (the planner behind
/// <c>wren plan</c>): the tokens this build saw, Chinchilla's 20 tokens per parameter, and 1B and 10B tokens.
/// </summary>
internal static class CostPlan
{
    public static IReadOnlyList<CostPlanRow> For(StageRecord train, PlanSection plan)
    {
        var m = train.Metrics;
        if (!m.TryGetValue("parameters", out double parameters)) return [];
        var shape = ModelShape.Create(parameters, (int)m["layers"], (int)m["hidden"], (int)m["vocabulary"], (int)m["sequence"]);
        var hardware = HardwareCatalog.Find(plan.Gpu);
        var rows = new List<CostPlanRow>();
        void Add(string label, double tokens) => rows.Add(new CostPlanRow(label, TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = shape,
            Tokens = Math.Max(1, tokens),
            Hardware = hardware,
            GpuCount = Math.Max(1, plan.Gpus),
            PricePerGpuHour = plan.PricePerGpuHour > 0 ? plan.PricePerGpuHour : null,
            Mfu = plan.Mfu,
        })));
        Add("this build's tokens", m.GetValueOrDefault("tokens_seen"));
        Add("Chinchilla-optimal (20 tokens/parameter)", ChinchillaComparison.TokensPerParameter * parameters);
        Add("1B tokens", 1e9);
        Add("10B tokens", 1e10);
        return rows;
    }
}
