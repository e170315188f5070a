using Wren.Eval.Tasks;
using Wren.Runtime;

namespace Wren.Eval.Tests.Tasks;

public sealed class AnswerMatcherTests
{
    [Fact]
    public void Exact_match_ignores_surrounding_whitespace_and_optionally_case()
    {
        var strict = new AnswerMatcher(new GenerationTaskOptions());
        Assert.True(strict.ExactMatch("  Paris\n", ["Paris"]));
        Assert.False(strict.ExactMatch("paris", ["Paris"]));
        Assert.True(new AnswerMatcher(new GenerationTaskOptions { IgnoreCase = true }).ExactMatch("paris", ["Paris"]));
        Assert.False(strict.ExactMatch("Paris, France", ["Paris"]));
    }

    [Fact]
    public void Contains_finds_any_answer_inside_the_output()
    {
        var m = new AnswerMatcher(new GenerationTaskOptions());
        Assert.True(m.Contains("It is Paris, France.", ["Rome", "Paris"]));
        Assert.False(m.Contains("It is Lyon.", ["Paris"]));
    }

    [Fact]
    public void The_regex_extracts_group_one_of_the_first_match()
    {
        var m = new AnswerMatcher(new GenerationTaskOptions { AnswerPattern = @"#### (\-?[0-9\.\,]+)" });
        Assert.Equal("72", m.Extract("She sold 48 + 24 = 72 clips.\n#### 72\n#### 5"));
        Assert.True(m.ExtractedMatch("so\n#### 72", ["72"]));
        Assert.False(m.ExtractedMatch("no marker 72", ["72"]));
        Assert.Equal("first", new AnswerMatcher(new GenerationTaskOptions()).Extract("\n first \nsecond"));
    }

    [Fact]
    public void A_malformed_pattern_is_a_user_error()
    {
        var e = Assert.Throws<WrenException>(() => new AnswerMatcher(new GenerationTaskOptions { AnswerPattern = "(" }));
        Assert.Contains("--answer-regex", e.Message);
    }
}
