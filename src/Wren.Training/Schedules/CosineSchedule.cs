namespace Wren.Training.Schedules;

/// <summary>Linear warmup from 0 to the peak over <see cref="WarmupSteps"/>, then cosine decay to <see cref="MinLearningRate"/> at <see cref="TotalSteps"/>.</summary>
public sealed record CosineSchedule(double PeakLearningRate, long WarmupSteps, long TotalSteps, double MinLearningRate) : ILearningRateSchedule
{
    public double At(long step)
    {
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        if (step >= TotalSteps) return MinLearningRate;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return MinLearningRate + 0.5 * (PeakLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
