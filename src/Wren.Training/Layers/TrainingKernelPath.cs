namespace Wren.Training.Layers;

/// <summary>Which instruction path a training kernel takes (tests force each one against the scalar reference).</summary>
internal enum TrainingKernelPath
{
    Scalar,
    Vector256,
    Vector512,
}
