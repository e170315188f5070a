using System.Text;
using System.Text.Json;

namespace Wren.Eval.Planning;

/// <summary>
/// Writes a <see cref="TrainingEstimate"/> as the JSON object <c>wren plan --json</c> prints. Field
/// names are fixed here, snake_case, in plain units (FLOPs, days, hours, US dollars, decimal GB,
/// tokens/s) so scripts can rely on them; absent values are <c>null</c>.
/// </summary>
public static class TrainingEstimateJson
{
    private const double Gb = 1e9;

    public static string Serialize(TrainingEstimate e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            Write(w, e);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, TrainingEstimate e)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(e);
        TrainingPlan p = e.Plan;
        ModelShape m = p.Model;
        w.WriteStartObject();
        w.WriteNumber("flops", e.TrainingFlops);
        w.WriteNumber("days", e.Days);
        w.WriteNumber("gpu_hours", e.GpuHours);
        WriteNullable(w, "cost_usd", e.CostUsd);
        w.WriteNumber("chinchilla_tokens", e.Chinchilla.OptimalTokens);
        w.WriteNumber("memory_gb_per_gpu", e.FullTraining.TotalBytes / Gb);

        w.WriteNumber("mfu", e.Mfu);
        w.WriteBoolean("mfu_solved_from_days", e.MfuSolved);
        w.WriteNumber("seconds", e.Seconds);
        w.WriteNumber("tokens", p.Tokens);
        w.WriteNumber("epochs", p.Epochs);
        w.WriteNumber("training_tokens", e.TrainingTokens);
        w.WriteNumber("flops_per_token", e.DenseFlopsPerToken + e.AttentionFlopsPerToken);
        w.WriteNumber("attention_flops_per_token", e.AttentionFlopsPerToken);
        WriteNullable(w, "price_per_gpu_hour", p.PricePerGpuHour);
        WriteNullable(w, "min_gpus", e.MinimumGpus);
        w.WriteNumber("chinchilla_ratio", e.Chinchilla.Ratio);
        w.WriteNumber("compute_optimal_params", e.Chinchilla.ComputeOptimalParameters);
        w.WriteNumber("compute_optimal_tokens", e.Chinchilla.ComputeOptimalTokens);

        w.WriteStartObject("model");
        w.WriteNumber("params", m.Parameters);
        w.WriteNumber("layers", m.Layers);
        w.WriteNumber("hidden", m.Hidden);
        w.WriteNumber("vocab", m.Vocabulary);
        w.WriteNumber("seq", m.SequenceLength);
        w.WriteNumber("heads", m.Heads);
        w.WriteNumber("kv_heads", m.KeyValueHeads);
        w.WriteBoolean("shape_assumed", !m.ShapeKnown);
        w.WriteEndObject();

        w.WriteStartObject("hardware");
        w.WriteString("name", p.Hardware.Name);
        w.WriteNumber("count", p.GpuCount);
        w.WriteNumber("peak_flops", p.Hardware.PeakFlops);
        w.WriteNumber("memory_gb", p.Hardware.MemoryBytes / Gb);
        w.WriteNumber("bandwidth_gb_s", p.Hardware.MemoryBandwidth / Gb);
        w.WriteBoolean("measured", p.Hardware.IsMeasured);
        w.WriteEndObject();

        w.WriteStartObject("memory");
        WriteMemory(w, "full", e.FullTraining);
        WriteMemory(w, "lora", e.Lora);
        WriteMemory(w, "qlora", e.QLora);
        w.WriteEndObject();

        w.WriteStartArray("inference");
        foreach (InferenceEstimate i in e.Inference)
        {
            w.WriteStartObject();
            w.WriteString("format", i.Format.Name);
            w.WriteNumber("bits_per_weight", i.Format.BitsPerWeight);
            w.WriteNumber("weights_gb", i.WeightBytes / Gb);
            w.WriteNumber("kv_cache_gb", i.KeyValueCacheBytes / Gb);
            w.WriteNumber("total_gb", i.TotalBytes / Gb);
            w.WriteNumber("context", i.ContextLength);
            w.WriteBoolean("fits_on_gpu", i.FitsOnGpu);
            w.WriteNumber("gpu_decode_tokens_per_s", i.GpuDecodeTokensPerSecond);
            WriteNullable(w, "cpu_decode_tokens_per_s", i.CpuDecodeTokensPerSecond);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (p.Cpu is CpuThroughput cpu)
        {
            w.WriteStartObject("cpu");
            w.WriteNumber("copy_bandwidth_gb_s", cpu.CopyBandwidth / Gb);
            w.WriteNumber("sgemm_gflops", cpu.SgemmFlops / 1e9);
            w.WriteNumber("threads", cpu.Threads);
            w.WriteString("simd", cpu.SimdPath);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("cpu");
        }
        WriteNullable(w, "cpu_days", e.CpuDays);
        if (p.MeasuredTraining is MeasuredTraining t)
        {
            w.WriteStartObject("cpu_training");
            w.WriteString("shape", t.Shape);
            if (t.ScaledDown is null) w.WriteNull("scaled_down");
            else w.WriteString("scaled_down", t.ScaledDown);
            w.WriteNumber("tokens_per_s", t.TokensPerSecond);
            w.WriteNumber("model_gflops", t.ModelFlopsPerSecond / 1e9);
            w.WriteNumber("seconds_per_step", t.SecondsPerStep);
            w.WriteNumber("steps", t.Steps);
            w.WriteNumber("threads", t.Threads);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("cpu_training");
        }
        WriteNullable(w, "cpu_training_days", e.CpuTrainingDays);
        w.WriteEndObject();
    }

    private static void WriteMemory(Utf8JsonWriter w, string name, MemoryEstimate m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("total_gb", m.TotalBytes / Gb);
        w.WriteNumber("weights_gb", m.WeightBytes / Gb);
        w.WriteNumber("gradients_gb", m.GradientBytes / Gb);
        w.WriteNumber("optimizer_gb", m.OptimizerBytes / Gb);
        w.WriteNumber("master_weights_gb", m.MasterWeightBytes / Gb);
        w.WriteNumber("activations_gb", m.ActivationBytes / Gb);
        w.WriteBoolean("activation_checkpointing", m.ActivationCheckpointing);
        w.WriteNumber("zero_stage", m.ZeroStage);
        w.WriteNumber("trainable_params", m.TrainableParameters);
        w.WriteBoolean("fits", m.Fits);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
