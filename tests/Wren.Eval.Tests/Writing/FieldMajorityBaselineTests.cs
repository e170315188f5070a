using Wren.Eval.Writing;

namespace Wren.Eval.Tests.Writing;

public sealed class FieldMajorityBaselineTests
{
    [Fact]
    public void EachFieldTakesItsMostCommonTrainingValueWhateverTheInput()
    {
        var baseline = new FieldMajorityBaseline([
            """{"queue":"billing","priority":2}""",
            """{"queue":"tech","priority":2}""",
            """{"queue":"tech","priority":1}""",
        ]);
        Assert.Equal("""{"queue":"tech","priority":2}""", baseline.Write("anything"));
    }
}
