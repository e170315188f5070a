using Wren.Eval.Planning;
using Wren.Runtime;

namespace Wren.Eval.Tests.Planning;

public sealed class ModelShapeTests
{
    [Fact]
    public void LayersAndWidthWithoutParamsCountGpt2StyleParameters()
    {
        // GPT-2 124M: 12·12·768² + 50257·768 = 123.5M (llm.c's 124,475,904 also counts 1024 positions and biases).
        ModelShape s = ModelShape.Create(null, 12, 768, vocabulary: 50_257, sequenceLength: 1024);

        Assert.Equal(12.0 * 12 * 768 * 768 + 50_257.0 * 768, s.Parameters);
        Assert.InRange(s.Parameters, 124_475_904 * 0.99, 124_475_904 * 1.0);
        Assert.True(s.ShapeKnown);
        Assert.Equal(12, s.Heads);
    }

    [Fact]
    public void ParamsAloneGiveAnAssumedShapeWithAboutThatManyParameters()
    {
        ModelShape s = ModelShape.Create(7e9, null, null);

        Assert.False(s.ShapeKnown);
        Assert.Equal(0, s.Hidden % 64);
        Assert.InRange(12.0 * s.Layers * s.Hidden * s.Hidden, 7e9 * 0.7, 7e9 * 1.3);
        Assert.Equal(0, TrainingPlanner.AttentionFlopsPerToken(s)); // no attention term for a guessed shape
    }

    [Fact]
    public void MissingSizeOrHalfAShapeIsAUserError()
    {
        Assert.Throws<WrenException>(() => ModelShape.Create(null, null, null));
        Assert.Throws<WrenException>(() => ModelShape.Create(1e9, 12, null));
        Assert.Throws<WrenException>(() => ModelShape.Create(1e9, 12, 768, heads: 12, keyValueHeads: 5));
    }
}
