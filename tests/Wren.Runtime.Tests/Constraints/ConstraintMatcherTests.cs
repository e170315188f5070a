using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;

namespace Wren.Runtime.Tests.Constraints;

public sealed class ConstraintMatcherTests
{
    [Fact]
    public void TheCachedMaskEqualsAWalkOfTheWholeVocabularyAtEveryStep()
    {
        // The cache keeps what a state allows on its own and checks the tokens that pop into the stack at run time;
        // nested values make the stack deep, so both kinds of token occur.
        string schema = """{"$defs":{"n":{"type":"object","properties":{"v":{"type":"integer","maximum":99},"k":{"type":"array","items":{"$ref":"#/$defs/n"},"maxItems":2}},"required":["v"],"additionalProperties":false}},"$ref":"#/$defs/n"}""";
        var constraint = TokenConstraint.ForJsonSchema(schema, ConstrainedRandomText.Tokenizer, 1024);
        for (int seed = 0; seed < 10; seed++)
        {
            var matcher = constraint.CreateMatcher(ConstrainedRandomText.Stops);
            var sampler = new TokenSampler(1024, new SamplingOptions { Temperature = 1f, Seed = seed });
            var random = new Random(seed);
            var logits = new float[1024];
            var cached = new ulong[16];
            var walked = new ulong[16];
            for (int step = 0; step < 60 && !(matcher.IsComplete && !matcher.CanContinue); step++)
            {
                matcher.ComputeMask(cached, budget: 0);
                matcher.ComputeMaskByFullWalk(walked);
                Assert.Equal(walked, cached);
                for (int i = 0; i < logits.Length; i++) logits[i] = (float)random.NextDouble() * 4;
                int token = matcher.Sample(sampler, logits, budget: 60 - step);
                if (token == 0) break;
            }
        }
    }

    [Fact]
    public void OnlyTheStopTokenIsAllowedOnceAValueCanEndAndNothingElseFollows()
    {
        var constraint = TokenConstraint.ForJsonSchema("""{"type":"array","items":{"type":"integer"}}""", ConstrainedRandomText.Tokenizer, 1024);
        var matcher = constraint.CreateMatcher([0]);
        foreach (int t in ConstrainedRandomText.Tokenizer.Encode("[1,2]", addSpecialTokens: false)) matcher.Accept(t);
        Assert.True(matcher.IsComplete);
        Assert.False(matcher.CanContinue);
        var mask = new ulong[16];
        matcher.ComputeMask(mask, budget: 10);
        Assert.Equal(1, ConstraintMatcher.Count(mask));
        Assert.Equal(1UL, mask[0] & 1);
    }

    [Fact]
    public void ATokenThatBreaksTheConstraintIsRefused()
    {
        var constraint = TokenConstraint.ForJsonSchema("""{"type":"boolean"}""", ConstrainedRandomText.Tokenizer, 1024);
        var matcher = constraint.CreateMatcher([0]);
        int bad = ConstrainedRandomText.Tokenizer.Encode("1", addSpecialTokens: false)[0];
        var e = Assert.Throws<WrenException>(() => matcher.Accept(bad));
        Assert.Contains("breaks the constraint", e.Message);
    }

    [Fact]
    public void RemainingBytesCountTheShortestWayToClose()
    {
        var constraint = TokenConstraint.ForJsonSchema("""{"type":"object","properties":{"a":{"type":"string","minLength":3}},"required":["a"],"additionalProperties":false}""", ConstrainedRandomText.Tokenizer, 1024);
        var matcher = constraint.CreateMatcher([0]);
        Assert.Equal("""{"a":"xxx"}""".Length, matcher.RemainingBytes);
        foreach (int t in ConstrainedRandomText.Tokenizer.Encode("""{"a":"x""", addSpecialTokens: false)) matcher.Accept(t);
        Assert.Equal("""xx"}""".Length, matcher.RemainingBytes);
    }
}
