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

    [Fact]
    public void AHeadOverAFewTokensGivesTheirLogitsAndTheCrossEntropyOverThemAlone()
    {
        using var pool = new WorkerPool(1);
        var (full, inputs, targets) = Load(pool);
        var (restricted, _, _) = Load(pool);
        int v = full.Config.VocabSize, rows = full.Batch;
        var candidates = targets.Where(t => t >= 0).Distinct().Concat([1, 2, 3]).Distinct().ToArray();
        restricted.ScoredTokens = candidates;
        Assert.Equal(candidates.Length, restricted.LogitWidth);
        var all = new float[rows * v];
        var some = new float[rows * candidates.Length];
        full.ComputeTargetLogits(inputs, targets, all);
        restricted.ComputeTargetLogits(inputs, targets, some);
        double expectedLoss = 0;
        var scored = targets.Where(t => t >= 0).ToArray();
        for (int k = 0; k < rows; k++)
        {
            for (int i = 0; i < candidates.Length; i++) Assert.Equal(all[k * v + candidates[i]], some[k * candidates.Length + i], 4);
            double max = some.Skip(k * candidates.Length).Take(candidates.Length).Max();
            double sum = some.Skip(k * candidates.Length).Take(candidates.Length).Sum(x => Math.Exp(x - max));
            expectedLoss += max + Math.Log(sum) - some[k * candidates.Length + Array.IndexOf(candidates, scored[k])];
        }

        restricted.Parameters.ZeroGradients();
        float loss = restricted.ComputeGradients(inputs, targets);
        Assert.Equal(expectedLoss / rows, loss, 4);
        var bad = (int[])targets.Clone();
        bad[Array.FindIndex(bad, t => t >= 0)] = Enumerable.Range(0, v).First(t => !candidates.Contains(t));
        Assert.Throws<WrenException>(() => restricted.ComputeLoss(inputs, bad));
    }
}
