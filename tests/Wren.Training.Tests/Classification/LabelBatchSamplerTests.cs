using Wren.Training.Classification;

namespace Wren.Training.Tests.Classification;

public sealed class LabelBatchSamplerTests
{
    private static readonly int[][] Continuations = [[100], [101, 102]];

    [Fact]
    public void ARowScoresExactlyTheLabelsTokensAfterThePrompt()
    {
        var sampler = new LabelBatchSampler([new EncodedExample([1, 2, 3], 1)], Continuations, pad: 0, balancePower: 0, seed: 1, buckets: [8]);
        var inputs = new int[8];
        var targets = new int[8];
        sampler.Fill(new EncodedExample([1, 2, 3], 1), inputs, targets);
        Assert.Equal([1, 2, 3, 101, 0, 0, 0, 0], inputs);
        Assert.Equal([-1, -1, 101, 102, -1, -1, -1, -1], targets);
    }

    [Fact]
    public void ABatchHoldsExamplesOfOneLengthBucket()
    {
        var examples = Enumerable.Range(0, 40).Select(i => new EncodedExample(Enumerable.Repeat(7, i % 2 == 0 ? 10 : 60).ToArray(), 0)).ToList();
        var buckets = LabelBatchSampler.BucketLengths(60);
        Assert.Equal([32, 60], buckets);
        var sampler = new LabelBatchSampler(examples, Continuations, 0, 0, 3, buckets);
        var buffers = buckets.Select(t => (new int[4 * t], new int[4 * t])).ToArray();
        for (int n = 0; n < 20; n++)
        {
            int bucket = sampler.NextBatch(b => buffers[b], 4);
            var (inputs, _) = buffers[bucket];
            for (int row = 0; row < 4; row++)
            {
                int length = inputs.Skip(row * buckets[bucket]).Take(buckets[bucket]).Count(t => t == 7);
                Assert.Equal(bucket == 0 ? 10 : 60, length);
            }
        }
    }

    [Fact]
    public void FullBalancingDrawsARareLabelAsOftenAsACommonOne()
    {
        var examples = Enumerable.Range(0, 100).Select(i => new EncodedExample([5, 6], i < 90 ? 0 : 1)).ToList();
        var sampler = new LabelBatchSampler(examples, [[100], [101]], 0, balancePower: 1, seed: 9, buckets: [2]);
        var inputs = new int[2 * 50];
        var targets = new int[2 * 50];
        int rare = 0;
        for (int n = 0; n < 40; n++)
        {
            sampler.NextBatch(_ => (inputs, targets), 50);
            rare += targets.Count(t => t == 101);
        }

        Assert.InRange(rare / 2000.0, 0.45, 0.55);
    }

    [Fact]
    public void InputDropoutLeavesOutInputTokensButNeverTheTemplateOrTheLabel()
    {
        // Prompt: template head 9, input 1..40, template tail 8; the label token follows.
        int[] prompt = [9, .. Enumerable.Range(1, 40), 8];
        var sampler = DroppingSampler(prompt, 0.25, 48);
        var inputs = new int[48 * 50];
        var targets = new int[48 * 50];
        sampler.NextBatch(_ => (inputs, targets), 50);
        int kept = 0;
        for (int row = 0; row < 50; row++)
        {
            var tokens = inputs.AsSpan(row * 48, 48).ToArray().TakeWhile(t => t != 0).ToList();
            Assert.Equal(9, tokens[0]);
            Assert.Equal(8, tokens[^1]);
            var body = tokens.Skip(1).SkipLast(1).ToList();
            Assert.Equal(body.Order().ToList(), body);
            Assert.Equal(1, targets.AsSpan(row * 48, 48).ToArray().Count(t => t == 100));
            Assert.Equal(100, targets[row * 48 + tokens.Count - 1]);
            kept += body.Count;
        }

        // Each of the 2,000 input tokens survives with probability 0.75.
        Assert.InRange(kept / 2000.0, 0.70, 0.80);
    }

    [Fact]
    public void ValidationRowsReadEveryTokenWhateverTheDropout()
    {
        int[] prompt = [9, .. Enumerable.Range(1, 20), 8];
        var sampler = DroppingSampler(prompt, 0.5, 24);
        var inputs = new int[24];
        var targets = new int[24];
        Assert.Equal(1, sampler.FillInOrder([new EncodedExample(prompt, 1)], 0, inputs, targets, 24));
        Assert.Equal([.. prompt, 0, 0], inputs);
    }

    /// <summary>A sampler over one example whose prompt is one template token, the input, one template token.</summary>
    private static LabelBatchSampler DroppingSampler(int[] prompt, double dropout, int bucket) =>
        new([new EncodedExample(prompt, 0)], [[100], [101]], pad: 0, balancePower: 0, seed: 5, buckets: [bucket])
        {
            InputDropout = dropout,
            TemplateHead = 1,
            TemplateTail = 1,
        };
}
