using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wren.Runtime;
using Wren.Training.Backend;
using Wren.Training.Checkpoints;
using Wren.Training.Model;
using Wren.Training.Optimization;
using Wren.Training.Schedules;

namespace Wren.Training.Trainer;

/// <summary>
/// The training loop: batches from an <see cref="IBatchSource"/>, gradients through an
/// <see cref="ITrainingBackend"/>, gradient accumulation, clipping by global norm, AdamW with a warmup
/// schedule, validation, metrics.jsonl, checkpoints and exact resumption. Everything that decides a step
/// (parameters, moments, step, sampler state) is in a checkpoint, and every kernel sums in a fixed order,
/// so N straight steps and K steps + resume + N - K steps give bit-identical parameters.
/// </summary>
public sealed class TrainingLoop
{
    public const string MetricsFileName = "metrics.jsonl";
    public const string ModelFolderName = "model";

    private readonly LlamaTrainingModel _model;
    private readonly ITrainingBackend _backend;
    private readonly IBatchSource _data;
    private readonly TrainerOptions _options;
    private readonly CheckpointStore _store;

    /// <param name="peakFlops">The machine's float32 matmul peak (FLOP/s) that MFU is measured against; 0 = do not report MFU.</param>
    public TrainingLoop(LlamaTrainingModel model, IBatchSource data, TrainerOptions options, CheckpointStore store, double peakFlops)
    {
        if (model.Compute.CheckpointActivations != options.CheckpointActivations || model.Compute.Bf16MatrixProducts != options.Bf16MatrixProducts)
            throw new ArgumentException("the model was built with other compute options than the trainer options ask for (build it with options.Compute)", nameof(model));
        _model = model;
        _backend = model;
        _data = data;
        _options = options;
        _store = store;
        PeakFlops = peakFlops;
        Optimizer = new AdamW(model.Trainable, options.Optimizer);
    }

    public AdamW Optimizer { get; }

    /// <summary>The matmul peak MFU is measured against: the one given, raised to the highest rate training reached.</summary>
    public double PeakFlops { get; private set; }

    /// <summary>Called after every step (on the training thread).</summary>
    public Action<StepReport>? StepCompleted { get; init; }

    public string MetricsPath => Path.Combine(_options.OutputFolder, MetricsFileName);

    public TrainingSummary Run(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_options.OutputFolder);
        _store.RemoveLeftovers();
        int B = _backend.Batch, T = _backend.Time;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        long step = 0, tokensSeen = 0, totalSteps = Math.Max(1, _options.Steps);
        double? best = null, lastVal = null;
        if (_options.Resume && _store.Latest() is { } latest)
        {
            var state = CheckpointStore.Load(latest, _model, Optimizer);
            step = state.Step;
            totalSteps = state.TotalSteps;
            tokensSeen = state.TokensSeen;
            best = state.BestValidationLoss;
            lastVal = state.ValidationLoss;
            _data.Random.State = state.SamplerState;
            TruncateMetrics(step);
        }
        else
        {
            File.WriteAllText(MetricsPath, "");
        }

        var history = new List<StepReport>();
        var schedule = MakeSchedule(totalSteps);
        var clock = Stopwatch.StartNew();
        long stepsThisRun = 0, resizeAt = 3;
        double firstStepEnd = 0;
        double lastLoss = double.NaN, tokensPerSecond = 0;
        long tokensPerStep = (long)B * T * _options.GradientAccumulation;
        using var metrics = new StreamWriter(MetricsPath, append: true, new UTF8Encoding(false));
        while (step < totalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            _backend.Trainable.ZeroGradients();
            double loss = 0;
            float scale = 1f / _options.GradientAccumulation;
            for (int micro = 0; micro < _options.GradientAccumulation; micro++)
            {
                _data.NextTrainingBatch(inputs, targets, T);
                float l = _backend.ComputeGradients(inputs, targets, scale);
                loss += float.IsNaN(l) ? 0 : l / _options.GradientAccumulation;
            }

            if (!double.IsFinite(loss)) throw new WrenException($"training diverged at step {step + 1}: loss is {loss} (lower the learning rate)");
            // A time-limited run with no step count has only a placeholder bound until it has measured its speed; sized from
            // it, warmup would span ~10^17 steps and the first updates would use a learning rate near zero. So the first
            // gradient's time (an overestimate of a step's: it includes the JIT) sizes the schedule before the first update,
            // and the re-measurements below correct it.
            if (_options.TimeLimit is { } first && stepsThisRun == 0 && totalSteps >= long.MaxValue / 8)
            {
                double perStep = Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-6);
                totalSteps = Math.Max(step + 1, Math.Min(totalSteps, step + (long)(first.TotalSeconds / perStep)));
                schedule = MakeSchedule(totalSteps);
            }
            double norm = GradientClipping.ClipByGlobalNorm(_backend.Trainable, _options.ClipNorm);
            double lr = schedule.At(step);
            Optimizer.Update(lr);
            step++;
            stepsThisRun++;
            tokensSeen += tokensPerStep;
            lastLoss = loss;
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            tokensPerSecond = tokensPerStep / Math.Max(seconds, 1e-9);

            if (stepsThisRun == 1)
            {
                firstStepEnd = clock.Elapsed.TotalSeconds;
            }
            // A time-limited run sizes its schedule from the measured step time: first after 3 steps, then
            // again at 10, 30, 90, ... steps while less than half the run is done. The first step (JIT,
            // page faults) is left out of the rate, and re-measuring corrects a machine that was busy early;
            // sizing once from the first steps alone stopped runs at a fraction of their budget.
            if (_options.TimeLimit is { } limit && stepsThisRun == resizeAt && step * 2 < totalSteps)
            {
                double perStep = (clock.Elapsed.TotalSeconds - firstStepEnd) / (stepsThisRun - 1);
                long fit = step + (long)Math.Max(0, (limit.TotalSeconds - clock.Elapsed.TotalSeconds) / perStep);
                totalSteps = Math.Max(step, Math.Min(_options.Steps, fit));
                schedule = MakeSchedule(totalSteps);
                resizeAt = resizeAt == 3 ? 10 : resizeAt * 3;
            }

            bool last = step >= totalSteps || (_options.TimeLimit is { } l2 && clock.Elapsed >= l2);
            if (last) totalSteps = step;
            double? val = null;
            if ((_options.EvalEvery > 0 && step % _options.EvalEvery == 0) || last)
            {
                val = Evaluate(inputs, targets);
                if (val is { } v)
                {
                    lastVal = v;
                }
            }

            // A peak measured while other work shared the cores reads low; what training then achieves is a lower
            // bound on the true peak, so the peak rises to it and MFU never reads above 100%.
            double achieved = _backend.FlopsPerToken * tokensPerSecond;
            if (PeakFlops > 0 && achieved > PeakFlops) PeakFlops = achieved;
            double mfu = PeakFlops > 0 ? achieved / PeakFlops : 0;
            double avg = clock.Elapsed.TotalSeconds / stepsThisRun;
            // Before a time-limited run has sized its schedule, totalSteps is only an upper bound
            // (possibly huge): the time left is the better estimate then.
            double remaining = avg * (totalSteps - step);
            if (_options.TimeLimit is { } budget)
            {
                remaining = Math.Min(remaining, Math.Max(0, budget.TotalSeconds - clock.Elapsed.TotalSeconds));
            }
            var report = new StepReport(step, totalSteps, loss, lr, norm, tokensPerSecond, mfu, clock.Elapsed, TimeSpan.FromSeconds(Math.Min(remaining, 1e9)), val)
            {
                TimeLimited = _options.TimeLimit is not null && !last,
            };
            history.Add(report);
            metrics.WriteLine(FormatMetrics(report));
            metrics.Flush();
            StepCompleted?.Invoke(report);

            bool checkpoint = (_options.CheckpointEvery > 0 && step % _options.CheckpointEvery == 0) || last;
            if (checkpoint)
            {
                bool isBest = val is { } vv && (best is null || vv < best);
                if (isBest) best = val;
                _store.Save(_model, Optimizer, new TrainerState
                {
                    Step = step,
                    TotalSteps = totalSteps,
                    SamplerState = _data.Random.State,
                    TokensSeen = tokensSeen,
                    BestValidationLoss = best,
                    ValidationLoss = lastVal,
                    TrainLoss = loss,
                }, isBest);
            }

            if (last) break;
            if (_options.StopAfterSteps is { } stop && stepsThisRun >= stop)
            {
                return new TrainingSummary(step, tokensSeen, lastLoss, lastVal, best, tokensPerSecond, clock.Elapsed, "", history);
            }
        }

        string modelFolder = Path.Combine(_options.OutputFolder, ModelFolderName);
        string temp = modelFolder + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        _store.WriteModelFolder(_model, temp);
        if (Directory.Exists(modelFolder)) Directory.Delete(modelFolder, recursive: true);
        Directory.Move(temp, modelFolder);
        return new TrainingSummary(step, tokensSeen, lastLoss, lastVal, best, tokensPerSecond, clock.Elapsed, modelFolder, history);
    }

    /// <summary>Mean validation loss over up to <see cref="TrainerOptions.EvalBatches"/> fixed batches (token-weighted), or null without validation data.</summary>
    public double? Evaluate(int[] inputs, int[] targets)
    {
        int B = _backend.Batch, T = _backend.Time;
        int batches = Math.Min(_options.EvalBatches, _data.ValidationBatchCount(B, T));
        if (batches == 0) return null;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < batches; i++)
        {
            _data.ValidationBatch(i, inputs, targets, T);
            float loss = _backend.ComputeLoss(inputs, targets, out int counted);
            if (counted == 0) continue;
            sum += (double)loss * counted;
            count += counted;
        }

        return count == 0 ? null : sum / count;
    }

    private ILearningRateSchedule MakeSchedule(long totalSteps)
    {
        long warmup = _options.WarmupSteps ?? Math.Max(1, totalSteps / 20);
        double min = _options.LearningRate * _options.MinLearningRateRatio;
        return _options.Schedule switch
        {
            ScheduleKind.Wsd => new WsdSchedule(_options.LearningRate, warmup, totalSteps, min),
            ScheduleKind.Constant => new WsdSchedule(_options.LearningRate, warmup, long.MaxValue / 2, _options.LearningRate),
            _ => new CosineSchedule(_options.LearningRate, warmup, totalSteps, min),
        };
    }

    /// <summary>One metrics.jsonl line: step, train_loss, lr, grad_norm, tokens_per_s, mfu, and val_loss when measured.</summary>
    public static string FormatMetrics(StepReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{{\"step\":{r.Step},\"train_loss\":{r.TrainLoss:R},\"lr\":{r.LearningRate:R},\"grad_norm\":{r.GradientNorm:R},\"tokens_per_s\":{r.TokensPerSecond:F1},\"mfu\":{r.ModelFlopsUtilization:F4}");
        if (r.ValidationLoss is { } v) sb.Append(c, $",\"val_loss\":{v:R}");
        sb.Append('}');
        return sb.ToString();
    }

    private void TruncateMetrics(long step)
    {
        if (!File.Exists(MetricsPath)) return;
        var kept = new List<string>();
        foreach (var line in File.ReadAllLines(MetricsPath))
        {
            int i = line.IndexOf("\"step\":", StringComparison.Ordinal);
            if (i < 0) continue;
            int j = i + 7, k = j;
            while (k < line.Length && char.IsDigit(line[k])) k++;
            if (long.TryParse(line.AsSpan(j, k - j), NumberStyles.None, CultureInfo.InvariantCulture, out long s) && s <= step) kept.Add(line);
        }

        File.WriteAllLines(MetricsPath, kept);
    }
}
