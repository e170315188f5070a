using Wren.Data.Tasks;
using Wren.Data.Tests.Sources;

namespace Wren.Data.Tests.Tasks;

public sealed class MailReplyPairsTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("wren-replies-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string SpamAssassinThreads => Path.Combine(SampleData.Root, "tests", "TestData", "mail-replies");

    private static List<TaskExample> All(MailReplyResult result) => [.. result.Train, .. result.Validation, .. result.Test];

    [Fact]
    public void RealSpamAssassinThreadsGiveOnePairPerReplyWithTheRepliersOwnWords()
    {
        var result = MailReplyPairs.Build(new MailReplyOptions { Sources = [SpamAssassinThreads] });

        Assert.Equal(8, result.Messages);
        Assert.Equal(4, result.Replies);
        var pairs = All(result);
        Assert.Equal(4, pairs.Count);
        // The Yahoo! Groups reply: the quote above and the sponsor block and unsubscribe lines under it are gone.
        var carbonara = Assert.Single(pairs, p => p.Source!.Contains("00006.", StringComparison.Ordinal));
        Assert.Equal("Isn't it just basically a mixture of beaten egg and bacon (or pancetta,\nreally)? You mix in the raw egg to the cooked pasta and the heat of the pasta\ncooks the egg. That's my understanding.\n\nMartin", carbonara.Output);
        Assert.Contains("what the hell are you supposed to use instead of cream?", carbonara.Input, StringComparison.Ordinal);
        // mutt's interleaved reply: both answers kept, the quotes, signature and SourceForge footer gone.
        var antiword = Assert.Single(pairs, p => p.Source!.Contains("00059.", StringComparison.Ordinal));
        Assert.StartsWith("Good Day!\n\n\tYou could try antiword", antiword.Output, StringComparison.Ordinal);
        Assert.EndsWith("Great! ;)\n\nMabuhay! barryg", antiword.Output, StringComparison.Ordinal);
        foreach (var p in pairs)
        {
            Assert.DoesNotContain("\n>", "\n" + p.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("unsubscribe", p.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("mailing list", p.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("escribi", p.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("mentioned:", p.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheSamplesMailGivesPairsWhoseThreadsStayInOneSplit()
    {
        var result = MailReplyPairs.Build(new MailReplyOptions { Sources = [SampleData.PathOf("mail")], ValidationFraction = 0.2, TestFraction = 0.2 });

        var pairs = All(result);
        Assert.True(pairs.Count >= 10, $"expected the sample's threads to give at least 10 pairs, got {pairs.Count}");
        Assert.NotEmpty(result.Test);
        Assert.NotEmpty(result.Validation);
        Assert.All(pairs, p => Assert.False(string.IsNullOrWhiteSpace(p.Output)));
        Assert.All(pairs, p => Assert.DoesNotContain("\n>", "\n" + p.Output, StringComparison.Ordinal));
        Assert.Equal("generate", result.Definition.Kind);
        // The same input answered twice in one thread is fine; the same (input, reply) twice is a duplicate.
        Assert.Equal(pairs.Count, pairs.Select(p => (p.Input, p.Output)).Distinct().Count());
    }

    [Fact]
    public void WriteLeavesATaskFolderWhoseSplitsReadBack()
    {
        string folder = Path.Combine(_temp, "replies");
        var result = MailReplyPairs.Write(new MailReplyOptions { Sources = [SpamAssassinThreads], ValidationFraction = 0, TestFraction = 0.25 }, folder);

        var train = TaskExampleJsonl.Read(TaskFolder.SplitPath(folder, TaskSplits.Train));
        var test = TaskExampleJsonl.Read(TaskFolder.SplitPath(folder, TaskSplits.Test));
        Assert.Equal(result.Train.Count, train.Count);
        Assert.Equal(result.Test, test);
        Assert.True(File.Exists(Path.Combine(folder, TaskDefinition.FileName)));
        Assert.Contains("\"kind\": \"generate\"", File.ReadAllText(Path.Combine(folder, TaskDefinition.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotMailIsPassedOverAndAMissingSourceIsAnError()
    {
        File.WriteAllText(Path.Combine(_temp, "notes.json"), "{\"not\": \"mail\"}");
        var result = MailReplyPairs.Build(new MailReplyOptions { Sources = [_temp] });
        Assert.Equal(0, result.Messages);
        var e = Assert.Throws<Wren.Runtime.WrenException>(() => MailReplyPairs.Build(new MailReplyOptions { Sources = [Path.Combine(_temp, "missing")] }));
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }
}
