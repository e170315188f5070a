using Wren.Eval.Tasks;
using Wren.Runtime;

namespace Wren.Eval.Tests.Tasks;

public sealed class AnswerMatcherTests
{
    [Fact]
    public void ExactMatchIgnoresSurroundingWhitespaceAndOptionallyCase()
    {
        var strict = new AnswerMatcher(new GenerationTaskOptions());
        Assert.True(strict.ExactMatch("  Paris\n", ["Paris"]));
        Assert.False(strict.ExactMatch("paris", ["Paris"]));
        Assert.True(new AnswerMatcher(new GenerationTaskOptions { IgnoreCase = true }).ExactMatch("paris", ["Paris"]));
        Assert.False(strict.ExactMatch("Paris, France", ["Paris"]));
    }

    [Fact]
    public void ContainsFindsAnyAnswerInsideTheOutput()
    {
        var m = new AnswerMatcher(new GenerationTaskOptions());
        Assert.True(m.Contains("It is Paris, France.", ["Rome", "Paris"]));
        Assert.False(m.Contains("It is Lyon.", ["Paris"]));
    }

    [Fact]
    public void TheRegexExtractsGroupOneOfTheFirstMatch()
    {
        var m = new AnswerMatcher(new GenerationTaskOptions { AnswerPattern = @"#### (\-?[0-9\.\,]+)" });
        Assert.Equal("72", m.Extract("She sold 48 + 24 = 72 clips.\n#### 72\n#### 5"));
        Assert.True(m.ExtractedMatch("so\n#### 72", ["72"]));
        Assert.False(m.ExtractedMatch("no marker 72", ["72"]));
        Assert.Equal("first", new AnswerMatcher(new GenerationTaskOptions()).Extract("\n first \nsecond"));
    }

    [Fact]
    public void AMalformedPatternIsAUserError()
    {
        var e = Assert.Throws<WrenException>(() => new AnswerMatcher(new GenerationTaskOptions { AnswerPattern = "(" }));
        Assert.Contains("--answer-regex", e.Message);
    }
}
