using Wren.Training.FineTuning;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Training;

/// <summary>A fine-tune as <c>wren finetune</c> runs it: <see cref="FineTuner.Run"/> with RUN/loss.png drawn at each validation and at the end, as a pretraining run's is.</summary>
public static class FineTuneRun
{
    /// <summary>RUN/loss.png of a run folder.</summary>
    public static string PlotPath(string runFolder) => Path.Combine(runFolder, TrainingRun.PlotFileName);

    public static FineTuneSummary Run(FineTuner tuner, Action<StepReport>? stepCompleted, Action<TrainingSample>? sampled, Action<string>? warning, CancellationToken cancellationToken)
    {
        string runFolder = tuner.Options.Trainer.OutputFolder;
        string metrics = Path.Combine(runFolder, TrainingLoop.MetricsFileName);
        string plot = PlotPath(runFolder);
        var summary = tuner.Run(
            report =>
            {
                stepCompleted?.Invoke(report);
                if (report.ValidationLoss is not null) TrainingRun.TryPlot(metrics, plot, warning);
            },
            sampled,
            cancellationToken);
        TrainingRun.TryPlot(metrics, plot, warning);
        return summary;
    }
}
