namespace Wren.Training.Classification;

/// <summary>What a training time budget counts: see <see cref="TrainingClock"/>.</summary>
public enum TrainingClockKind
{
    Wall,
    Cpu,
}
