using System.Text.Json.Nodes;
using Wren.Data.Tasks;
using Wren.Data.Teacher;

namespace Wren.Data.Tests.Teacher;

public sealed class TeacherDataBuilderTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("wren-teacher-data-").FullName;
    private readonly LoopbackOpenAiServer _server = new(FakeTeacher);

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    /// <summary>
    /// A teacher that asks, for each chunk, one good question (answered by the chunk's first sentence) and one whose
    /// answer is marked WRONG; and a judge that gives 5 to good answers and 2 to WRONG ones.
    /// </summary>
    private static string FakeTeacher(JsonObject request)
    {
        string system = LoopbackOpenAiServer.SystemMessage(request);
        string last = LoopbackOpenAiServer.LastMessage(request);
        if (system.StartsWith("You grade", StringComparison.Ordinal))
        {
            int output = last.IndexOf("Output:", StringComparison.Ordinal);
            return last[output..].Contains("WRONG", StringComparison.Ordinal) ? "2" : "5";
        }

        if (last.StartsWith("Choose the one label", StringComparison.Ordinal))
            return last.Contains("refund", StringComparison.Ordinal) ? "billing" : last.Contains("crash", StringComparison.Ordinal) ? "bug" : "no idea";

        string chunk = last[(last.IndexOf("Document:\n", StringComparison.Ordinal) + "Document:\n".Length)..];
        string first = chunk[..(chunk.IndexOf('.') + 1)];
        string topic = chunk.Split(' ')[0];
        return "```json\n" + new JsonArray(
            new JsonObject { ["question"] = $"What is said first about {topic}?", ["answer"] = first },
            new JsonObject { ["question"] = $"Who wrote about {topic}?", ["answer"] = "WRONG: nobody knows" }).ToJsonString() + "\n```";
    }

    private string Documents()
    {
        string path = Path.Combine(_temp, "curated.jsonl");
        var lines = new List<string>();
        string[] topics = ["Harbours", "Railways", "Tariffs", "Schools", "Canals", "Forests", "Mines", "Telegraphs", "Bridges", "Granaries"];
        for (int d = 0; d < topics.Length; d++)
        {
            string t = topics[d];
            string text = $"{t} were the subject of report number {d + 1}. The committee counted {d * 17 + 3} of them in the year under review, and found most in good order.\n\n" +
                $"{t} need repairs every {d + 2} years. The cost of the repairs is carried by the districts, which raise it by a levy on the {t.ToLowerInvariant()} themselves.";
            lines.Add(new JsonObject { ["id"] = $"doc-{d}", ["text"] = text, ["source"] = $"reports/{t.ToLowerInvariant()}.txt" }.ToJsonString());
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private TeacherClient Client() => new(new TeacherOptions
    {
        Endpoint = _server.Endpoint,
        Model = "teacher-7b",
        ApiKeyVariable = "WREN_TEST_TEACHER_KEY_UNSET",
        CacheFolder = Path.Combine(_temp, "cache"),
        RetryDelay = TimeSpan.FromMilliseconds(20),
    });

    private TeacherDataOptions QaOptions() => new()
    {
        Kind = TeacherTaskKind.Qa,
        Source = Documents(),
        PerChunk = 2,
        ChunkChars = 150,
        MinChunkChars = 60,
        ValidationFraction = 0.2,
        TestFraction = 0.2,
    };

    [Fact]
    public async Task QuestionsAreAskedAboutEachChunkAndTheJudgesLowScoresAreDropped()
    {
        using var teacher = Client();
        var result = await TeacherDataBuilder.BuildAsync(QaOptions(), teacher);

        // 10 documents of 2 paragraphs, each under 150 characters: 20 chunks, 2 questions each, every other one WRONG.
        Assert.Equal(20, result.Chunks);
        Assert.Equal(40, result.Generated);
        Assert.Equal(20, result.Dropped["judge score below 4"]);
        Assert.Equal(20, result.Scores[2]);
        Assert.Equal(20, result.Scores[5]);
        var all = result.Train.Concat(result.Validation).Concat(result.Test).ToList();
        Assert.All(all, e => Assert.DoesNotContain("WRONG", e.Output, StringComparison.Ordinal));
        Assert.All(all, e => Assert.Equal(5, e.Score));
        // Each example keeps its document and chunk, and the chunk answers it.
        Assert.All(all, e => Assert.StartsWith(e.Output, e.Context, StringComparison.Ordinal));
        Assert.All(all, e => Assert.Equal($"{e.Document}#chunk:{e.Chunk}", e.Source));
        // A document's examples share one split.
        Assert.All(all.GroupBy(e => e.Document), g => Assert.Single(g.Select(e => e.Split).Distinct()));
        Assert.NotEmpty(result.Test);

        // What was sent: the generator's prompt holds the chunk, the judge's holds the source, the answer and the question.
        var sent = _server.Requests.ToList();
        Assert.Equal(20 + 40, sent.Count);
        Assert.All(sent, r => Assert.Equal("teacher-7b", r["model"]!.GetValue<string>()));
        var firstChunk = all.First(e => e.Document == "doc-0" && e.Chunk == 0).Context;
        Assert.Contains(sent, r => LoopbackOpenAiServer.LastMessage(r).EndsWith("Document:\n" + firstChunk, StringComparison.Ordinal));
        Assert.Contains(sent, r => LoopbackOpenAiServer.LastMessage(r).Contains("Source:\n" + firstChunk, StringComparison.Ordinal));
        Assert.Equal(60, teacher.Spend.Requests);
        Assert.Equal(60 * 7, teacher.Spend.OutputTokens);
    }

    [Fact]
    public async Task ARerunIsAnsweredFromTheCacheAndGivesTheSameFolder()
    {
        string first = Path.Combine(_temp, "first"), second = Path.Combine(_temp, "second");
        using (var teacher = Client()) TeacherDataBuilder.Write(await TeacherDataBuilder.BuildAsync(QaOptions(), teacher), first);
        int requests = _server.Requests.Count;

        using var again = Client();
        var result = await TeacherDataBuilder.BuildAsync(QaOptions(), again);
        TeacherDataBuilder.Write(result, second);

        Assert.Equal(requests, _server.Requests.Count);
        Assert.Equal(0, again.Spend.Requests);
        Assert.Equal(60, again.Spend.Cached);
        foreach (string split in TaskSplits.All)
            Assert.Equal(File.ReadAllText(TaskFolder.SplitPath(first, split)), File.ReadAllText(TaskFolder.SplitPath(second, split)));
        // The folder reads back as task examples, with the provenance on each line.
        var train = TaskExampleJsonl.Read(TaskFolder.SplitPath(second, TaskSplits.Train));
        Assert.Equal(result.Train.Count, train.Count);
        var line = JsonNode.Parse(File.ReadLines(TaskFolder.SplitPath(second, TaskSplits.Train)).First())!.AsObject();
        Assert.Equal("qa", line["kind"]!.GetValue<string>());
        Assert.StartsWith("doc-", line["document"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, line["score"]!.GetValue<int>());
    }

    [Fact]
    public async Task UnlabelledRecordsGetTheTeachersLabelAndAnswersOutsideTheSetAreDropped()
    {
        string records = Path.Combine(_temp, "records.jsonl");
        var lines = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            string text = (i % 3) switch { 0 => $"Ticket {i}: please refund my order", 1 => $"Ticket {i}: the app crash on start", _ => $"Ticket {i}: hello there" };
            lines.Add(new JsonObject { ["input"] = text }.ToJsonString());
        }

        File.WriteAllLines(records, lines);
        using var teacher = Client();
        var result = await TeacherDataBuilder.BuildAsync(new TeacherDataOptions
        {
            Kind = TeacherTaskKind.Label,
            Source = records,
            Labels = ["billing", "bug"],
            Judge = false,
            Dedup = null,
            ValidationFraction = 0,
            TestFraction = 0.25,
        }, teacher);

        var all = result.Train.Concat(result.Test).ToList();
        Assert.Equal(8, all.Count);
        Assert.Equal(4, result.Dropped["teacher's answer not in the format asked"]);
        Assert.All(all, e => Assert.Equal(e.Input.Contains("refund", StringComparison.Ordinal) ? "billing" : "bug", e.Output));
        Assert.Equal("classify", result.Definition.Kind);
        Assert.Equal(["billing", "bug"], result.Definition.Labels);
    }
}
