using Wren.Eval.Writing;

namespace Wren.Eval.Tests.Writing;

public sealed class RetrievalBaselineTests
{
    [Fact]
    public void TheNearestTrainingInputByTfIdfGivesItsOutput()
    {
        var baseline = new RetrievalBaseline([
            ("my invoice shows a double charge", "We refunded the second charge."),
            ("the parcel never arrived at my door", "A courier will redeliver tomorrow."),
            ("how do I reset my password", "Use the link on the sign-in page."),
        ]);
        Assert.Equal("A courier will redeliver tomorrow.", baseline.Write("Where is my parcel? It never arrived."));
        Assert.Equal("We refunded the second charge.", baseline.Write("charge on invoice twice"));
    }

    [Fact]
    public void WordsSharedByEveryInputWeighLessThanRareOnes()
    {
        // "please" is in every input (lowest idf); "router" decides.
        var baseline = new RetrievalBaseline([("please please help router", "router answer"), ("please help printer please", "printer answer")]);
        Assert.Equal("router answer", baseline.Write("please please please router"));
    }
}
