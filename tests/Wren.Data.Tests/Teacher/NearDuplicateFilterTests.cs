using Wren.Data.Curation.Dedup;
using Wren.Data.Teacher;

namespace Wren.Data.Tests.Teacher;

public sealed class NearDuplicateFilterTests
{
    [Fact]
    public void ANearCopyOfAnEarlierTextIsDroppedAndDifferentTextsStay()
    {
        string a = "The committee counted the harbours in the year under review and found most of them in good order after the storms of the winter.";
        string b = a + " Indeed.";
        string c = "Railways need repairs every few years, and the districts carry the cost by a levy on the lines that run through them.";

        var keep = NearDuplicateFilter.Keep([a, c, b], new MinHashOptions());

        Assert.Equal([true, true, false], keep);
    }
}
