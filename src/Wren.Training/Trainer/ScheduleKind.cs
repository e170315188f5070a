namespace Wren.Training.Trainer;

/// <summary>Learning-rate schedule after warmup.</summary>
public enum ScheduleKind
{
    Cosine,
    Wsd,
    Constant,
}
