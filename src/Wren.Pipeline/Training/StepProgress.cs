using System.Globalization;
using Wren.Runtime.Diagnostics;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Training;

/// <summary>Moves a progress bar along with a training run's steps: its total once the schedule knows it, the loss beside it.</summary>
public sealed class StepProgress(IProgressTask bar)
{
    private long _shown;

    public void Update(StepReport report)
    {
        if (report.TotalSteps < long.MaxValue / 8) bar.SetTotal(report.TotalSteps);
        bar.Increment(report.Step - _shown);
        _shown = report.Step;
        bar.SetStatus(string.Create(CultureInfo.InvariantCulture, $"loss {report.TrainLoss:F3}"));
    }
}
