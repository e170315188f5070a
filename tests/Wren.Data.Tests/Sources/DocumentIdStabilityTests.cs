using System.Text;
using Wren.Data.Documents;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

/// <summary>
/// Property: for any tree of inputs, the documents (ids, texts, sources, order) are the same on every run and
/// for every thread count, and ids are unique. Checked on random trees from fixed seeds and on the sample.
/// </summary>
public sealed class DocumentIdStabilityTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task RandomTreesGiveTheSameDocumentsForAnyThreadCountAndRun(int seed)
    {
        using var dir = new TempDirectory();
        BuildRandomTree(dir, new Random(seed));
        var runs = new List<List<Document>>();
        foreach (int threads in new[] { 1, 2, 5, 1 })
        {
            var (docs, _) = await SampleData.ReadAsync(dir.Path, new SourceOptions { Threads = threads });
            runs.Add(docs);
        }
        List<Document> reference = runs[0];
        Assert.NotEmpty(reference);
        Assert.Equal(reference.Count, reference.Select(d => d.Id).Distinct().Count());
        foreach (var run in runs.Skip(1))
        {
            Assert.Equal(reference.Select(d => (d.Id, d.Source, d.Text)), run.Select(d => (d.Id, d.Source, d.Text)));
        }
    }

    [Fact]
    public async Task SampleIdsDoNotDependOnThreadCountAndAreHashesOfSourceAndLocation()
    {
        string[] sources = [SampleData.PathOf("docs"), SampleData.PathOf("records"), SampleData.PathOf("archives"), SampleData.PathOf("mail", "archive.mbox")];
        var (one, _, _) = await SampleData.ReadAsync(sources, new SourceOptions { Threads = 1 });
        var (four, _, _) = await SampleData.ReadAsync(sources, new SourceOptions { Threads = 4 });
        Assert.Equal(one.Select(d => d.Id), four.Select(d => d.Id));
        Assert.Equal(one.Count, one.Select(d => d.Id).Distinct().Count());
        // Spot-check the definition: a whole-file document hashes its source with an empty location; a CSV row its row.
        var txt = one.First(d => d.Source.EndsWith(".txt", StringComparison.Ordinal));
        Assert.Equal(DocumentId.For(txt.Source, ""), txt.Id);
        var row = one.First(d => d.Source.EndsWith("tickets.csv", StringComparison.Ordinal));
        Assert.Equal(DocumentId.For(row.Source, "row:1"), row.Id);
    }

    private static void BuildRandomTree(TempDirectory dir, Random random)
    {
        int files = random.Next(8, 30);
        for (int i = 0; i < files; i++)
        {
            string folder = string.Join('/', Enumerable.Range(0, random.Next(0, 3)).Select(_ => "d" + random.Next(4)));
            string name = $"{folder}/f{i}".TrimStart('/');
            switch (random.Next(6))
            {
                case 0:
                    dir.Write(name + ".txt", Words(random, 5, 400));
                    break;
                case 1:
                    dir.Write(name + ".md", "# " + Words(random, 2, 5) + "\n\n" + Words(random, 10, 200));
                    break;
                case 2:
                    dir.Write(name + ".html", $"<html><body><nav><a href='/'>Home</a></nav><main><p>{Words(random, 10, 200)}</p></main></body></html>");
                    break;
                case 3:
                    var csv = new StringBuilder("id,text\n");
                    int rows = random.Next(1, 40);
                    for (int r = 0; r < rows; r++)
                    {
                        csv.Append(r).Append(",\"").Append(Words(random, 1, 30)).Append("\"\n");
                    }
                    dir.Write(name + ".csv", csv.ToString());
                    break;
                case 4:
                    var jsonl = new StringBuilder();
                    int lines = random.Next(1, 40);
                    for (int r = 0; r < lines; r++)
                    {
                        jsonl.Append("{\"text\":\"").Append(Words(random, 1, 30)).Append("\",\"n\":").Append(r).Append("}\n");
                    }
                    dir.Write(name + ".jsonl", jsonl.ToString());
                    break;
                default:
                    dir.Write(name + ".eml", $"From: a@example.com\r\nTo: b@example.com\r\nSubject: {Words(random, 1, 6)}\r\nMessage-ID: <{i}@example.com>\r\n\r\n{Words(random, 5, 100)}\r\n");
                    break;
            }
        }
    }

    private static string Words(Random random, int min, int max)
    {
        string[] vocabulary = ["report", "quarter", "budget", "meeting", "café", "naïve", "policy", "team", "ticket", "printer", "server", "data"];
        return string.Join(' ', Enumerable.Range(0, random.Next(min, max)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
    }
}
