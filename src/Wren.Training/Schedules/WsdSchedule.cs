namespace Wren.Training.Schedules;

/// <summary>
/// Warmup-stable-decay: linear warmup, a constant peak, then a linear decay to <see cref="MinLearningRate"/>
/// over the last <see cref="DecayFraction"/> of the run (the schedule of MiniCPM and SmolLM2).
/// </summary>
public sealed record WsdSchedule(double PeakLearningRate, long WarmupSteps, long TotalSteps, double MinLearningRate, double DecayFraction = 0.2) : ILearningRateSchedule
{
    public double At(long step)
    {
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        long decaySteps = Math.Max(1, (long)Math.Round(TotalSteps * DecayFraction));
        long decayStart = TotalSteps - decaySteps;
        if (step < decayStart) return PeakLearningRate;
        if (step >= TotalSteps) return MinLearningRate;
        double progress = (double)(step - decayStart) / decaySteps;
        return PeakLearningRate + (MinLearningRate - PeakLearningRate) * progress;
    }
}
