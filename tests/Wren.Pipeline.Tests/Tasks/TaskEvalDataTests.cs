using Wren.Data.Tasks;
using Wren.Pipeline.Tasks;
using Wren.Runtime;
using Wren.Runtime.Classification;

namespace Wren.Pipeline.Tests.Tasks;

public sealed class TaskEvalDataTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-evaldata-" + Guid.NewGuid().ToString("N")[..8]);

    public TaskEvalDataTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string WriteFolder()
    {
        string folder = Path.Combine(_root, "task");
        var definition = new TaskDefinition { Name = "topics", Labels = ["markets", "pets"] };
        TaskFolder.Write(folder, definition,
            [new TaskExample("stocks fell", "markets"), new TaskExample("my cat sleeps", "pets")],
            [new TaskExample("bonds rose", "markets")],
            [new TaskExample("the dog barks", "pets")]);
        return folder;
    }

    [Fact]
    public void ATaskFolderGivesItsOwnSplitsAndLabels()
    {
        var data = TaskEvalData.Load(WriteFolder(), null, null);
        Assert.Equal("topics", data.Name);
        Assert.Equal(["markets", "pets"], data.Labels);
        Assert.Equal(2, data.Train.Count);
        Assert.Single(data.Validation);
        Assert.Equal("the dog barks", Assert.Single(data.Test).Input);
    }

    [Fact]
    public void ATestFileTakesItsTrainingExamplesFromTheGivenTaskAndTheRunsLabels()
    {
        string test = Path.Combine(_root, "held.jsonl");
        File.WriteAllText(test, "{\"input\": \"a parrot talks\", \"output\": \"pets\"}\n");
        var data = TaskEvalData.Load(test, WriteFolder(), ["pets", "markets"]);
        Assert.Equal("held", data.Name);
        Assert.Equal(["pets", "markets"], data.Labels);
        Assert.Equal(2, data.Train.Count);
        Assert.Single(data.Test);
    }

    [Fact]
    public void ARunLendsATestFileTheDataItWasTrainedOnAndItsLabelsUnlessOtherTrainingDataIsGiven()
    {
        string test = Path.Combine(_root, "held.jsonl");
        File.WriteAllText(test, "{\"input\": \"a parrot talks\", \"output\": \"pets\"}\n");
        string run = Path.Combine(_root, "run");
        Directory.CreateDirectory(run);
        new ClassifierManifest { Task = "topics", Labels = ["pets", "markets"], Prompt = new ClassifierPrompt { Continuations = ["pets", "markets"] }, Data = WriteFolder() }.Save(run);

        var data = TaskEvalData.ForRun(test, null, run);
        Assert.Equal(["pets", "markets"], data.Labels);
        Assert.Equal(2, data.Train.Count);

        string other = Path.Combine(_root, "other.jsonl");
        File.WriteAllText(other, "{\"input\": \"a cat sleeps\", \"output\": \"pets\"}\n");
        Assert.Single(TaskEvalData.ForRun(test, other, run).Train);
        Assert.Empty(TaskEvalData.ForRun(test, null, null).Train);
    }

    [Fact]
    public void AnEmptyTestFileIsRefusedByName()
    {
        string test = Path.Combine(_root, "empty.jsonl");
        File.WriteAllText(test, "");
        var e = Assert.Throws<WrenException>(() => TaskEvalData.Load(test, null, null));
        Assert.Contains("empty.jsonl", e.Message);
    }
}
