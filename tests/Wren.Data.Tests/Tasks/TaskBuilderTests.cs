using System.Text;
using Wren.Data.Sources;
using Wren.Data.Tasks;
using Wren.Data.Tests.Sources;
using Wren.Runtime;

namespace Wren.Data.Tests.Tasks;

public sealed class TaskBuilderTests
{
    /// <summary>A CSV of tickets: 40 billing, 30 shipping, 3 legal; ticket 5's text repeats as ticket 80.</summary>
    private static string WriteTickets(TempDirectory dir)
    {
        var csv = new StringBuilder("id,subject,body,queue,customer\r\n");
        int id = 0;
        foreach (var (queue, count) in new[] { ("billing", 40), ("shipping", 30), ("legal", 3) })
        {
            for (int i = 0; i < count; i++)
            {
                id++;
                csv.Append($"{id},\"{queue} question {i}\",\"Hello, about my {queue} case number {i}:\nplease help.\",{queue},customer{id % 9}\r\n");
            }
        }

        csv.Append($"80,\"billing question 4\",\"Hello, about my billing case number 4:\nplease help.\",billing,customer1\r\n");
        return dir.Write("tickets.csv", csv.ToString());
    }

    private static TaskBuildOptions Options(TempDirectory dir, RareLabelPolicy rare = RareLabelPolicy.Refuse) =>
        new() { Name = "tickets", OutputFolder = Path.Combine(dir.Path, "task"), RareLabels = rare };

    [Fact]
    public async Task RecordsBecomeExamplesThroughTheTemplatesAndRareLabelsAreRefusedByName()
    {
        using var dir = new TempDirectory();
        string csv = WriteTickets(dir);
        var source = new RecordCandidateSource([csv], @"{subject}\n\n{body}", "{queue}");
        var e = await Assert.ThrowsAsync<WrenException>(() => TaskBuilder.BuildAsync(source, Options(dir)));
        Assert.Contains("'legal' (3)", e.Message);
        Assert.Contains("--rare drop", e.Message);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "task")));
    }

    [Fact]
    public async Task DroppingRareLabelsWritesTheFolderWithSplitsCountsAndOneCopyOfADuplicate()
    {
        using var dir = new TempDirectory();
        string csv = WriteTickets(dir);
        var result = await TaskBuilder.BuildAsync(new RecordCandidateSource([csv], @"{subject}\n\n{body}", "{queue}"), Options(dir, RareLabelPolicy.Drop));
        Assert.Equal(["billing", "shipping"], result.Definition.Labels);
        Assert.Equal(1, result.Definition.Dropped["duplicates"]);
        Assert.Equal(3, result.Definition.Dropped["rare"]);
        var set = TaskFolder.Load(result.Folder);
        Assert.Equal(70, set.Train.Count + set.Validation.Count + set.Test.Count);
        var example = set.Train.Concat(set.Validation).Concat(set.Test).Single(x => x.Source!.EndsWith("tickets.csv#row:1", StringComparison.Ordinal));
        Assert.Equal("billing question 0\n\nHello, about my billing case number 0:\nplease help.", example.Input);
        Assert.Equal("billing", example.Output);
        Assert.Equal(TaskSplits.All.Sum(result.Count), set.Train.Count + set.Validation.Count + set.Test.Count);
        Assert.Equal(set.Test.Count, result.Definition.Counts[TaskSplits.Test].Values.Sum());
        Assert.All(set.Test, x => Assert.Equal(TaskSplits.Test, x.Split));
        var reloaded = TaskDefinition.Load(Path.Combine(result.Folder, TaskDefinition.FileName));
        Assert.Equal(@"{subject}\n\n{body}", reloaded.InputTemplate);
        Assert.Equal("records", reloaded.Builder!.Kind);
    }

    [Fact]
    public async Task ATemplateNamingAColumnTheRecordsLackIsAnErrorNamingTheColumn()
    {
        using var dir = new TempDirectory();
        string csv = WriteTickets(dir);
        var e = await Assert.ThrowsAsync<WrenException>(() => TaskBuilder.BuildAsync(new RecordCandidateSource([csv], "{subject}\\n{body}", "{team}"), Options(dir)));
        Assert.Contains("'team'", e.Message);
        Assert.Contains("queue", e.Message);
    }

    [Fact]
    public async Task RowsSharingAGroupColumnShareASplit()
    {
        using var dir = new TempDirectory();
        string csv = WriteTickets(dir);
        var result = await TaskBuilder.BuildAsync(new RecordCandidateSource([csv], "{body}", "{queue}", groupColumn: "customer"), Options(dir, RareLabelPolicy.Drop));
        var all = TaskFolder.Load(result.Folder);
        // Ticket ids with the same customer (id % 9) must have one split.
        var splitOf = all.Train.Concat(all.Validation).Concat(all.Test).ToDictionary(x => int.Parse(x.Source![(x.Source!.LastIndexOf(':') + 1)..]), x => x.Split);
        foreach (var customer in splitOf.GroupBy(p => p.Key % 9))
            Assert.Single(customer.Select(p => p.Value).Distinct());
    }

    [Fact]
    public async Task TheFolderAFileSitsInIsItsLabelAndMapsRenameFolders()
    {
        using var dir = new TempDirectory();
        for (int i = 0; i < 12; i++)
        {
            dir.Write($"mail/inbox-2002/n{i}.txt", $"Meeting notes number {i} about the quarterly plan.");
            dir.Write($"mail/junk-a/s{i}.txt", $"Buy cheap watches now, offer {i}!");
            dir.Write($"mail/junk-b/t{i}.txt", $"You won a prize, claim number {i}");
        }

        dir.Write("mail/loose.txt", "not in a folder");
        var source = new FolderCandidateSource([Path.Combine(dir.Path, "mail")], ["junk-*=spam", "inbox*=ham"]);
        var result = await TaskBuilder.BuildAsync(source, Options(dir) with { Name = "spam" });
        Assert.Equal(["ham", "spam"], result.Definition.Labels);
        Assert.Equal(1, result.Definition.Dropped["unlabelled"]);
        var set = TaskFolder.Load(result.Folder);
        Assert.Equal(36, set.Train.Count + set.Validation.Count + set.Test.Count);
        Assert.All(set.Train, x => Assert.Equal(x.Input.StartsWith("Meeting", StringComparison.Ordinal) ? "ham" : "spam", x.Output));
    }

    [Fact]
    public async Task TheSamplesMailIsLabelledByListIdWithTheListsFootersAndTagsTakenOut()
    {
        using var dir = new TempDirectory();
        var source = new MailHeaderCandidateSource([SampleData.PathOf("mail")], new MailLabelRule("List-Id"), new SourceOptions { Threads = 2 });
        var result = await TaskBuilder.BuildAsync(source, Options(dir, RareLabelPolicy.Drop) with { Name = "route" });
        Assert.Contains("ilug.linux.ie", result.Definition.Labels);
        Assert.Contains("fork.xent.com", result.Definition.Labels);
        Assert.True(result.Definition.Dropped["unlabelled"] > 0);
        var set = TaskFolder.Load(result.Folder);
        var all = set.Train.Concat(set.Validation).Concat(set.Test).ToList();
        Assert.True(all.Count > 150);
        Assert.All(all, x =>
        {
            Assert.DoesNotContain("[ILUG]", x.Input, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listinfo/ilug", x.Input, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ilug@linux.ie", x.Input, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Razor-users mailing list", x.Input, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listinfo/fork", x.Input, StringComparison.OrdinalIgnoreCase);
        });
        // The same message under a copied file name is one example.
        Assert.True(result.Definition.Dropped["duplicates"] >= 1);
    }

    [Fact]
    public async Task ARegexOverTheSubjectReadsTheLabelAndTakesItOutOfTheInput()
    {
        using var dir = new TempDirectory();
        for (int i = 0; i < 12; i++)
        {
            foreach (string team in new[] { "billing", "support" })
            {
                dir.Write($"mail/{team}{i}.eml", $"From: a{i}@example.com\r\nTo: desk@example.com\r\nSubject: [{team}] case {i} for the desk\r\nMessage-ID: <{team}{i}@example.com>\r\n\r\nPlease look at case {i} of {team}.\r\n");
            }
        }

        var source = new MailHeaderCandidateSource([Path.Combine(dir.Path, "mail")], new MailLabelRule("Subject", @"^\[(\w+)\]"));
        var result = await TaskBuilder.BuildAsync(source, Options(dir) with { Name = "desk" });
        Assert.Equal(["billing", "support"], result.Definition.Labels);
        var set = TaskFolder.Load(result.Folder);
        Assert.All(set.Train, x => Assert.StartsWith("case ", x.Input, StringComparison.Ordinal));
    }

    [Fact]
    public void AJsonlLineWithoutAnOutputIsAnErrorNamingTheFileAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("examples.jsonl", "{\"input\":\"a\",\"output\":\"x\"}\n\n{\"input\":\"b\"}\n");
        var e = Assert.Throws<WrenException>(() => TaskExampleJsonl.Read(path));
        Assert.Contains("examples.jsonl:3", e.Message);
        Assert.Contains("\"output\"", e.Message);
    }

    [Fact]
    public void AFileOfExamplesWithoutSplitsTrainsAndHoldsOutASeededValidationShare()
    {
        using var dir = new TempDirectory();
        var examples = Enumerable.Range(0, 100).Select(i => new TaskExample($"text {i}", i % 2 == 0 ? "even" : "odd")).ToList();
        string path = Path.Combine(dir.Path, "train.jsonl");
        TaskExampleJsonl.Write(path, examples);
        var set = TaskFolder.Load(path).WithValidation(3);
        Assert.Equal(100, set.Train.Count + set.Validation.Count);
        Assert.InRange(set.Validation.Count, 8, 12);
        Assert.Equal(["even", "odd"], set.Labels);
        Assert.Equal(set.Validation.Select(x => x.Input), TaskFolder.Load(path).WithValidation(3).Validation.Select(x => x.Input));
    }

    [Fact]
    public async Task AnExtractTaskGetsAnInferredSchemaAndEveryOutputValidatesAgainstIt()
    {
        using var dir = new TempDirectory();
        string csv = WriteTickets(dir);
        var source = new RecordCandidateSource([csv], @"{subject}\n\n{body}", ["queue", "id"]);
        var result = await TaskBuilder.BuildAsync(source, Options(dir) with { Kind = TaskDefinition.ExtractKind });

        var schema = result.Definition.Schema!;
        Assert.Equal("integer", schema["properties"]!["id"]!["type"]!.GetValue<string>());
        Assert.Equal(["billing", "legal", "shipping"], schema["properties"]!["queue"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Empty(result.Definition.Labels);
        var set = TaskFolder.Load(result.Folder);
        Assert.Equal(TaskDefinition.ExtractKind, set.Definition!.Kind);
        var all = set.Train.Concat(set.Validation).Concat(set.Test).ToList();
        // Ticket 80 repeats ticket 5's text: one copy is kept.
        Assert.Equal(73, all.Count);
        var compiled = Json.Schema.JsonSchema.FromText(schema.ToJsonString());
        Assert.All(all, e => Assert.Null(ExtractSchema.Check(System.Text.Json.Nodes.JsonNode.Parse(e.Output)!.AsObject(), compiled)));
        Assert.Contains(all, e => e.Output == "{\"queue\":\"legal\",\"id\":71}");
    }

    [Fact]
    public async Task AnExtractOutputThatBreaksAGivenSchemaIsLeftOutAndCounted()
    {
        using var dir = new TempDirectory();
        string csv = WriteTickets(dir);
        var source = new RecordCandidateSource([csv], @"{subject}\n\n{body}", ["queue"]);
        const string Schema = """{"type":"object","properties":{"queue":{"enum":["billing","shipping"]}},"required":["queue"],"additionalProperties":false}""";
        var result = await TaskBuilder.BuildAsync(source, Options(dir) with { Kind = TaskDefinition.ExtractKind, SchemaJson = Schema });

        Assert.Equal(3, result.Definition.Dropped["invalid"]);
        Assert.Equal(70, TaskSplits.All.Sum(result.Count));
    }

    [Fact]
    public async Task AGenerateTaskKeepsTextOutputsWithoutALabelSet()
    {
        using var dir = new TempDirectory();
        string csv = WriteTickets(dir);
        var source = new RecordCandidateSource([csv], "{subject}", "Thanks {customer}, your {queue} case is open.");
        var result = await TaskBuilder.BuildAsync(source, Options(dir) with { Kind = TaskDefinition.GenerateKind });

        Assert.Empty(result.Definition.Labels);
        Assert.Equal(TaskDefinition.GenerateKind, result.Definition.Kind);
        var set = TaskFolder.Load(result.Folder);
        Assert.NotEmpty(set.Test);
        Assert.Contains(set.Train, e => e.Output.StartsWith("Thanks customer", StringComparison.Ordinal));
    }
}
