using Wren.Eval.Planning;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Planning;

/// <summary>
/// <c>wren plan</c>'s steps in order: measure this CPU when it is the hardware or <c>--measure</c> asks, size the model,
/// find the tokens (given, counted in a corpus, or Chinchilla's), run a few real training steps with <c>--measure</c>,
/// then <see cref="TrainingPlanner.Estimate"/>.
/// </summary>
public static class TrainingPlanning
{
    /// <summary>The GPU name that plans on this machine's CPU, measured.</summary>
    public const string Cpu = "cpu";

    /// <summary>The GPU name that asks for the catalog instead of a plan.</summary>
    public const string List = "list";

    public static bool IsCatalogRequest(string gpu) => string.Equals(gpu, List, StringComparison.OrdinalIgnoreCase);

    /// <param name="note">Told before each measurement that takes seconds, so a person knows why nothing prints.</param>
    public static TrainingPlanResult Run(TrainingPlanRequest request, IProgressSink progress, Action<string> note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(note);
        bool onCpu = string.Equals(request.Gpu, Cpu, StringComparison.OrdinalIgnoreCase);
        HardwareSpec? hardware = onCpu ? null : HardwareCatalog.Find(request.Gpu);
        CpuThroughput? cpu = null;
        if (onCpu || request.Measure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            note("Measuring this CPU (copy bandwidth, SGEMM)...");
            cpu = CpuThroughputProbe.Measure();
        }
        hardware ??= cpu!.ToHardwareSpec();

        ModelShape model = ModelShape.Create(
            request.Parameters is null ? null : QuantityParser.Parse(request.Parameters, "--params"),
            request.Layers, request.Hidden, request.Vocabulary, request.SequenceLength, request.Heads, request.KeyValueHeads);
        PlannedTokens tokens = PlannedTokens.Resolve(request.Tokens, request.Corpus, request.Tokenizer, model, progress, cancellationToken);

        MeasuredTraining? measured = null;
        if (request.Measure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            note("Running a few training steps of the planned shape on this CPU...");
            measured = TrainingMeasurement.Measure(model, cpu!);
        }

        TrainingEstimate estimate = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = model,
            Tokens = tokens.Tokens,
            Epochs = request.Epochs,
            Hardware = hardware,
            GpuCount = request.Gpus,
            PricePerGpuHour = request.PricePerGpuHour,
            Mfu = request.Mfu,
            Days = request.Days,
            LoraRank = request.LoraRank,
            MicroBatch = request.MicroBatch,
            ContextLength = request.ContextLength,
            Cpu = cpu,
            MeasuredTraining = measured,
        });
        return new TrainingPlanResult(estimate, tokens);
    }
}
