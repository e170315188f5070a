using Wren.Data.Teacher;

namespace Wren.Data.Tests.Teacher;

public sealed class TestSplitDecontaminatorTests
{
    [Fact]
    public void AnExampleSharingAnNGramWithATestExampleIsDropped()
    {
        (string, string)[] test = [("What did the committee find?", "It found the harbours in good order after the storms of the winter.")];
        (string, string)[] candidates =
        [
            ("Summarize the report.", "The harbours were in good order after the storms of the winter, the committee said."),
            ("What did the committee find?", "Repairs are due every two years."),
        ];

        var keep = TestSplitDecontaminator.Keep(candidates, test, n: 8);

        // The first shares "in good order after the storms of the winter" (8 words) with the test answer; the second shares only a 5-word question.
        Assert.Equal([false, true], keep);
    }
}
