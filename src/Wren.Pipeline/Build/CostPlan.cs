using Wren.Eval.Planning;
using Wren.Pipeline.Build.Recipe;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Build;

/// <summary>
/// What training the same model shape on more data would take on the recipe's GPU (the planner behind
/// <c>wren plan</c>): the tokens this build saw, Chinchilla's 20 tokens per parameter, 1B and 10B tokens; then the
/// larger presets and a 1B-parameter model with the same tokenizer at 20 tokens per parameter.
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
        void Add(string label, ModelShape model, double tokens) => rows.Add(new CostPlanRow(label, TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = model,
            Tokens = Math.Max(1, tokens),
            Hardware = hardware,
            GpuCount = Math.Max(1, plan.Gpus),
            PricePerGpuHour = plan.PricePerGpuHour > 0 ? plan.PricePerGpuHour : null,
            Mfu = plan.Mfu,
        })));
        int vocabulary = (int)m["vocabulary"], sequence = (int)m["sequence"];
        Add("this model, this build's tokens", shape, m.GetValueOrDefault("tokens_seen"));
        Add("this model, Chinchilla-optimal (20 tokens/parameter)", shape, ChinchillaComparison.TokensPerParameter * parameters);
        Add("this model, 1B tokens", shape, 1e9);
        Add("this model, 10B tokens", shape, 1e10);
        // The larger presets and a 1B model with the same tokenizer, each at 20 tokens per parameter.
        foreach (string preset in ModelPresets.Names)
        {
            var config = ModelPresets.Resolve(preset, vocabulary, Math.Max(sequence, 1024));
            if (config.ParameterCount <= parameters) continue;
            var presetShape = ModelShape.Create(config.ParameterCount, config.NumHiddenLayers, config.HiddenSize, vocabulary, sequence);
            Add($"preset {preset} ({config.ParameterCount / 1e6:0.#}M), Chinchilla-optimal", presetShape, ChinchillaComparison.TokensPerParameter * config.ParameterCount);
        }
        Add("1B-parameter model, Chinchilla-optimal (20B tokens)", ModelShape.Create(1e9, null, null, vocabulary, 2048), ChinchillaComparison.TokensPerParameter * 1e9);
        return rows;
    }
}
