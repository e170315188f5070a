namespace Wren.Training.Schedules;

/// <summary>The learning rate for a step (0-based) of a run of a known length.</summary>
public interface ILearningRateSchedule
{
    double At(long step);
}
