using Wren.Eval.TextMetrics;

namespace Wren.Eval.Tests.TextMetrics;

public sealed class ExtractionScorerTests
{
    private const string Schema = """
        {"type":"object","properties":{"queue":{"type":"string","enum":["billing","tech"]},"priority":{"type":"integer","minimum":1,"maximum":3}},
         "required":["queue","priority"],"additionalProperties":false}
        """;

    [Fact]
    public void AnOutputThatDoesNotParseOrValidateIsInvalidAndScoresZero()
    {
        var scorer = new ExtractionScorer(Schema);
        Assert.True(scorer.IsValid("""{"queue":"tech","priority":2}"""));
        Assert.False(scorer.IsValid("""{"queue":"tech","priority":7}"""));
        Assert.False(scorer.IsValid("""{"queue":"tech"}"""));
        Assert.False(scorer.IsValid("""{"queue":"tech","priority":2"""));
        Assert.False(scorer.IsValid("[1]"));
    }

    [Fact]
    public void FieldsAreScoredOneByOneAndMacroAveraged()
    {
        var scorer = new ExtractionScorer(Schema);
        string[] references = ["""{"queue":"billing","priority":1}""", """{"queue":"tech","priority":3}"""];
        string[] predictions = ["""{"queue":"billing","priority":2}""", """{"queue":"tech","priority":9}"""];
        var scores = scorer.Score(predictions, references);
        Assert.Equal(0.5, scores.Validity);
        Assert.Equal(0.5, scores.Fields["queue"].ExactMatch);
        Assert.Equal(0, scores.Fields["priority"].ExactMatch);
        Assert.Equal(0.25, scores.ExactMatch);
        Assert.Equal(["queue", "priority"], scores.Fields.Keys);
    }

    [Fact]
    public void StringFieldsGetPartialCreditByTokenF1()
    {
        var scorer = new ExtractionScorer(null);
        var scores = scorer.Score(["""{"name":"Ada Lovelace"}"""], ["""{"name":"Ada King Lovelace"}"""]);
        Assert.Equal(1, scores.Validity);
        Assert.Equal(0, scores.Fields["name"].ExactMatch);
        Assert.Equal(0.8, scores.Fields["name"].TokenF1, 9);
    }
}
