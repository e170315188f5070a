using Wren.Eval.Tasks;
using Wren.Runtime;

namespace Wren.Eval.Tests.Tasks;

public sealed class ClozeTaskGeneratorTests
{
    private static readonly string[] Documents =
    [
        "The committee met on Tuesday to review the annual budget for the northern warehouse. It approved new shelving for the loading dock and a second forklift. Staff asked whether the night shift would get extra pay during the winter months.",
        "Our support team answered four hundred tickets in March about the billing portal. Most customers wanted to change the card attached to their monthly subscription plan. A few reported that invoices arrived twice in the same week by email.",
        "The engineering group moved the build servers to the new data center last weekend. Deployments now finish in about six minutes instead of the usual twenty. Next quarter we plan to retire the old monitoring scripts and alerts entirely.",
        "Short one. Too short.",
    ];

    [Fact]
    public void TheSameDocumentsAndSeedGiveTheSameQuestions()
    {
        var a = ClozeTaskGenerator.Generate(Documents, new ClozeOptions { Seed = 7 });
        var b = ClozeTaskGenerator.Generate(Documents, new ClozeOptions { Seed = 7 });
        Assert.NotEmpty(a);
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Context, b[i].Context);
            Assert.Equal(a[i].Choices, b[i].Choices);
            Assert.Equal(a[i].Gold, b[i].Gold);
        }
        var c = ClozeTaskGenerator.Generate(Documents, new ClozeOptions { Seed = 8 });
        Assert.NotEqual(
            string.Join("|", a.Select(q => q.Context + q.Gold)),
            string.Join("|", c.Select(q => q.Context + q.Gold)));
    }

    [Fact]
    public void TheGoldEndingContinuesItsContextInTheDocumentAndDistractorsComeFromOtherDocuments()
    {
        var items = ClozeTaskGenerator.Generate(Documents, new ClozeOptions { Choices = 3 });
        Assert.All(items, q =>
        {
            Assert.Equal(3, q.Choices.Count);
            string gold = q.Choices[q.Gold];
            int home = Array.FindIndex(Documents, d => d.Contains(q.Context + " " + gold, StringComparison.Ordinal));
            Assert.True(home >= 0, $"'{q.Context}' + '{gold}' is not in any document");
            Assert.Matches(@"[.!?]$", gold);
            for (int i = 0; i < q.Choices.Count; i++)
            {
                if (i == q.Gold) continue;
                Assert.DoesNotContain(q.Choices[i], Documents[home], StringComparison.Ordinal);
                Assert.Equal(gold.Split(' ').Length, q.Choices[i].Split(' ').Length);
            }
            Assert.Equal(q.Choices.Count, q.Choices.Distinct().Count());
        });
        // Sentences under 8 words (document 4) are never masked; at most 3 per document.
        Assert.InRange(items.Count, 3, 9);
    }

    [Fact]
    public void OneDocumentIsNotEnoughForDistractors()
    {
        var e = Assert.Throws<WrenException>(() => ClozeTaskGenerator.Generate([Documents[0]]));
        Assert.Contains("at least 2 documents", e.Message);
    }
}
