using Wren.Pipeline.Explore;

namespace Wren.Pipeline.Tests.Explore;

public sealed class SpamSignalsTests
{
    private const string Offer = "Dear Friend, this is a once in a lifetime business opportunity! Click here to make money from home. " +
        "Act now, it is risk-free and satisfaction guaranteed!!! To be removed from our list, reply with REMOVE in the subject.";

    [Fact]
    public void ABulkOfferWithARemovalFooterScoresAboveTheThreshold() =>
        Assert.True(SpamSignals.Score("MAKE MONEY FAST", Offer, htmlOnly: true, isReply: false, fromList: false, to: "undisclosed-recipients:;") >= SpamSignals.Threshold);

    [Fact]
    public void RepliesAndListMailNeverCountHoweverTheyRead()
    {
        Assert.Equal(0, SpamSignals.Score("MAKE MONEY FAST", Offer, true, isReply: true, fromList: false, to: null));
        Assert.Equal(0, SpamSignals.Score("MAKE MONEY FAST", Offer, true, isReply: false, fromList: true, to: null));
    }

    [Fact]
    public void AnOrdinaryMessageStaysBelowTheThreshold() =>
        Assert.True(SpamSignals.Score("Meeting notes for Tuesday", "Hi all, the notes from today's meeting are attached. See you next week.", false, false, false, "team@example.org") < SpamSignals.Threshold);
}
