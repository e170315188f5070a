using System.Globalization;
using Wren.Eval.Planning;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Sizes and costs through the planner behind <c>wren plan</c>: training FLOPs (6·N·D plus attention), time on the
/// GPU at the assumed MFU and its price, time on this CPU at its measured matmul rate (an optimistic bound, as the
/// planner states), and Chinchilla's 20 tokens per parameter.
/// </summary>
internal sealed class ExploreCosts
{
    /// <summary>The vocabulary a Wren tokenizer trained on the data gets by default; the presets' sizes are quoted at it.</summary>
    public const int Vocabulary = 4096;

    /// <summary>A 2-core machine's sustained FP32 SGEMM rate, assumed when the CPU is not measured.</summary>
    public const double AssumedCpuFlops = 50e9;

    /// <summary>Task examples are read once to pretrain and three times to fine-tune (issue 19's recipe).</summary>
    public const double PassesPerTaskExample = 4;

    private readonly HardwareSpec _gpu;
    private readonly double? _price;

    public ExploreCosts(string gpu, double pricePerGpuHour, CpuThroughput? cpu)
    {
        _gpu = HardwareCatalog.Find(gpu);
        _price = pricePerGpuHour > 0 ? pricePerGpuHour : null;
        CpuFlops = cpu?.SgemmFlops ?? AssumedCpuFlops;
        CpuMeasured = cpu is not null;
    }

    public double CpuFlops { get; }

    public bool CpuMeasured { get; }

    public string Gpu => _gpu.Name;

    /// <summary>What Wren would build for a task of <paramref name="examples"/> examples of <paramref name="tokensPerExample"/> tokens.</summary>
    public BuildEstimate ForTask(long examples, double tokensPerExample, double curatedTokens)
    {
        const string preset = "small";
        var shape = Preset(preset);
        double tokens = Math.Max(1, examples * tokensPerExample * PassesPerTaskExample);
        var here = Estimate(shape, tokens);
        // The larger run: the base preset pretrained compute-optimally (20 tokens per parameter) before the task.
        var large = Preset("base");
        double largeTokens = ChinchillaComparison.TokensPerParameter * large.Parameters;
        var gpu = Estimate(large, largeTokens);
        double epochs = curatedTokens > 0 ? largeTokens / curatedTokens : double.NaN;
        string larger = string.Create(CultureInfo.InvariantCulture,
            $"base preset ({large.Parameters / 1e6:0.#}M) pretrained on {largeTokens / 1e6:0.#}M tokens (20 per parameter{(double.IsNaN(epochs) ? "" : $", {epochs:N0} passes over the curated data")}) then fine-tuned");
        return new BuildEstimate($"{preset} preset ({shape.Parameters / 1e6:0.#}M parameters), pretrained on the task's inputs then fine-tuned",
            shape.Parameters, tokens, here.Flops / CpuFlops / 60, _gpu.Name, gpu.Estimate.GpuHours, gpu.Estimate.CostUsd, larger);
    }

    /// <summary>The size-and-cost table: each preset from scratch at 20 tokens per parameter, the base preset over the data once, two named base models fine-tuned on it.</summary>
    public IReadOnlyList<CostRow> Rows(double curatedTokens)
    {
        var rows = new List<CostRow>();
        double data = Math.Max(1, curatedTokens);
        foreach (string preset in ModelPresets.Names)
        {
            var shape = Preset(preset);
            double tokens = ChinchillaComparison.TokensPerParameter * shape.Parameters;
            rows.Add(Row($"{preset} preset from scratch, Chinchilla-optimal", shape, tokens, tokens / data));
        }

        var baseShape = Preset("base");
        rows.Add(Row("base preset from scratch, one pass over the curated data", baseShape, data, 1));
        // Published configs (config.json on the Hugging Face hub): SmolLM2-360M and Qwen2.5-0.5B.
        rows.Add(Row("fine-tune SmolLM2-360M, one pass over the curated data", ModelShape.Create(361.8e6, 32, 960, 49152, 2048, 15, 5), data, 1));
        rows.Add(Row("fine-tune Qwen2.5-0.5B, one pass over the curated data", ModelShape.Create(494e6, 24, 896, 151936, 2048, 14, 2), data, 1));
        return rows;
    }

    public static string ChinchillaView(double curatedTokens)
    {
        double optimal = curatedTokens / ChinchillaComparison.TokensPerParameter;
        var tiny = Preset("tiny");
        var baseShape = Preset("base");
        string verdict = curatedTokens >= 20 * baseShape.Parameters ? "the data is enough for every preset."
            : curatedTokens >= 20 * tiny.Parameters ? "the data is enough for the smaller presets; larger ones would repeat it (a few passes are fine, many overfit)."
            : "the data alone is too little to pretrain even the tiny preset well: fine-tune a base model on it, or pretrain on the task's inputs for a targeted task, which needs far less.";
        return $"{Human(curatedTokens)} curated tokens are compute-optimal (20 tokens per parameter) for a {Human(optimal)}-parameter model. " +
               $"The tiny preset ({Human(tiny.Parameters)}) wants {Human(20 * tiny.Parameters)} tokens, the base preset ({Human(baseShape.Parameters)}) {Human(20 * baseShape.Parameters)}: " + verdict;
    }

    internal static string Human(double n) => n switch
    {
        >= 1e9 => (n / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        >= 1e6 => (n / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (n / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "K",
        _ => n.ToString("0", CultureInfo.InvariantCulture),
    };

    private CostRow Row(string run, ModelShape shape, double tokens, double epochs)
    {
        var (estimate, flops) = Estimate(shape, tokens);
        return new CostRow(run, shape.Parameters, tokens, epochs, flops / CpuFlops / 3600, estimate.GpuHours, estimate.CostUsd, estimate.Chinchilla.Ratio);
    }

    private (TrainingEstimate Estimate, double Flops) Estimate(ModelShape shape, double tokens)
    {
        var estimate = TrainingPlanner.Estimate(new TrainingPlan { Model = shape, Tokens = Math.Max(1, tokens), Hardware = _gpu, PricePerGpuHour = _price });
        return (estimate, estimate.TrainingFlops);
    }

    private static ModelShape Preset(string name)
    {
        var config = ModelPresets.Resolve(name, Vocabulary, 1024);
        return ModelShape.Create(config.ParameterCount, config.NumHiddenLayers, config.HiddenSize, Vocabulary, 1024, config.NumAttentionHeads, config.NumKeyValueHeads);
    }
}
