using Wren.Training.Model;
using Wren.Training.Optimization;

namespace Wren.Training.Trainer;

/// <summary>
/// One full training step (zero gradients, forward and backward, clipping by global norm, AdamW) on a fixed batch
/// of random tokens: what the planner's throughput probe and the training benchmark time. The tokens are random
/// because the cost of a step does not depend on them.
/// </summary>
public sealed class SyntheticTrainingStep
{
    private readonly LlamaTrainingModel _model;
    private readonly AdamW _optimizer;
    private readonly double _learningRate;
    private readonly int[] _inputs;
    private readonly int[] _targets;

    public SyntheticTrainingStep(LlamaTrainingModel model, int vocabulary, double learningRate, ulong seed = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabulary);
        _model = model;
        _optimizer = new AdamW(model.Parameters, new AdamWOptions());
        _learningRate = learningRate;
        var rng = new SeededRandom(seed);
        _inputs = new int[model.Batch * model.Time];
        _targets = new int[_inputs.Length];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (int)rng.NextInt64(vocabulary);
            _targets[i] = (int)rng.NextInt64(vocabulary);
        }
    }

    public void Run()
    {
        _model.Parameters.ZeroGradients();
        _model.ComputeGradients(_inputs, _targets);
        GradientClipping.ClipByGlobalNorm(_model.Parameters, 1.0);
        _optimizer.Update(_learningRate);
    }
}
