using Wren.Runtime;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Training.Model;

namespace Wren.Training.Tests.Model;

/// <summary>The head on the scored rows only gives the dense head's loss and gradients, for less work.</summary>
public sealed class SparseHeadTests
{
    private static (LlamaTrainingModel Model, int[] Inputs, int[] Targets) Load(WorkerPool pool)
    {
        var config = LlamaConfigJson.Load(Fixtures.Folder("tiny-llama"));
        var batch = Fixtures.GradBatch("tiny-llama");
        var model = new LlamaTrainingModel(config, batch.Batch, batch.Time, pool);
        using var checkpoint = SafetensorsCheckpoint.Open(Fixtures.Folder("tiny-llama"));
        model.LoadFrom(checkpoint);
        // One scored position per row, as a classifier's batches have: the head then runs on B rows, not B x T.
        var targets = new int[batch.Targets.Length];
        Array.Fill(targets, -1);
        for (int b = 0; b < batch.Batch; b++) targets[b * batch.Time + 5 + 3 * b] = batch.Targets[b * batch.Time + 5 + 3 * b];
        return (model, batch.Inputs, targets);
    }

    [Fact]
    public void AFewScoredRowsGiveTheDenseHeadsLossAndGradients()
    {
        using var pool = new WorkerPool(2);
        var (sparse, inputs, targets) = Load(pool);
        var (dense, _, _) = Load(pool);
        dense.DenseHeadOnly = true;
        sparse.Parameters.ZeroGradients();
        dense.Parameters.ZeroGradients();
        float sparseLoss = sparse.ComputeGradients(inputs, targets);
        float denseLoss = dense.ComputeGradients(inputs, targets);
        Assert.Equal(denseLoss, sparseLoss, 5);
        Assert.True(Fixtures.RelativeToNorm(sparse.Parameters.Gradients.Span, dense.Parameters.Gradients.Span) < 1e-6);
    }

    [Fact]
    public void TheTargetLogitsAreTheDenseHeadsRowsInRowOrder()
    {
        using var pool = new WorkerPool(1);
        var (sparse, inputs, targets) = Load(pool);
        var (dense, _, _) = Load(pool);
        dense.DenseHeadOnly = true;
        int v = sparse.Config.VocabSize, rows = sparse.Batch;
        var a = new float[rows * v];
        var b = new float[rows * v];
        Assert.Equal(rows, sparse.ComputeTargetLogits(inputs, targets, a));
        Assert.Equal(rows, dense.ComputeTargetLogits(inputs, targets, b));
        Assert.True(Fixtures.RelativeToNorm(a, b) < 1e-6);
    }

    [Fact]
    public void AModelSharingWeightsTrainsTheSameParametersAndRefusesMoreScoredRowsThanItHolds()
    {
        using var pool = new WorkerPool(1);
        var (host, inputs, targets) = Load(pool);
        var shared = new LlamaTrainingModel(host, host.Batch, host.Time, scoredRows: host.Batch);
        Assert.Same(host.Parameters, shared.Parameters);
        host.Parameters.ZeroGradients();
        float viaShared = shared.ComputeGradients(inputs, targets);
        var fromShared = host.Parameters.Gradients.Span.ToArray();
        host.Parameters.ZeroGradients();
        float viaHost = host.ComputeGradients(inputs, targets);
        Assert.Equal(viaHost, viaShared);
        Assert.True(host.Parameters.Gradients.Span.SequenceEqual(fromShared));
        var all = Fixtures.GradBatch("tiny-llama").Targets;
        Assert.Throws<WrenException>(() => shared.ComputeLoss(inputs, all));
    }
}
