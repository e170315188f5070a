using Wren.Training.Model;

namespace Wren.Training.Trainer;

/// <summary>Where the training loop gets [B, T] batches of inputs and targets (targets below zero are not scored).</summary>
public interface IBatchSource
{
    /// <summary>The generator behind training batches; its state is saved with checkpoints so a resumed run sees the same batches.</summary>
    SeededRandom Random { get; }

    void NextTrainingBatch(Span<int> inputs, Span<int> targets, int time);

    int ValidationBatchCount(int batch, int time);

    void ValidationBatch(int index, Span<int> inputs, Span<int> targets, int time);
}
