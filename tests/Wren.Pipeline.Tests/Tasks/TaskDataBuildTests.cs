using Wren.Data.Tasks;
using Wren.Pipeline.Build;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Tasks;
using Wren.Runtime;

namespace Wren.Pipeline.Tests.Tasks;

public sealed class TaskDataBuildTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-taskdata-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task TheSamplesTaskRoutesItsMailByListIdWithTheListsNamesTakenOutOfTheInputs()
    {
        string sample = BundledSample.TryFind(AppContext.BaseDirectory) ?? throw new InvalidOperationException("samples/acme not found above the test assembly");
        var task = BundledSample.Task(sample);
        var result = await TaskDataBuild.RunAsync(task, task.Sources, Path.Combine(_root, "route"), threads: 2);

        var set = TaskFolder.Load(result.Folder);
        var all = set.Train.Concat(set.Validation).Concat(set.Test).ToList();
        Assert.True(set.Labels.Count >= 4, $"labels: {string.Join(", ", set.Labels)}");
        Assert.Contains(set.Labels, l => l.Contains("fork.xent.com", StringComparison.Ordinal));
        Assert.All(set.Labels, label => Assert.True(all.Count(e => e.Output == label) >= task.MinPerLabel, label));
        Assert.NotEmpty(set.Test);
        Assert.DoesNotContain(all, e => e.Input.Contains("List-Id:", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(all, e => e.Input.Contains("[ILUG]", StringComparison.Ordinal));
        // No message sits in two splits.
        Assert.Empty(set.Test.Select(e => e.Source).Intersect(set.Train.Select(e => e.Source)));
    }

    [Fact]
    public async Task ARecordsTaskWithoutAnOutputTemplateIsRefusedByName()
    {
        Directory.CreateDirectory(_root);
        string csv = Path.Combine(_root, "t.csv");
        File.WriteAllText(csv, "id,text,queue\n1,a,b\n");
        var e = await Assert.ThrowsAsync<WrenException>(() => TaskDataBuild.RunAsync(new TaskSection { Name = "t", From = "records", Input = "{text}" }, [csv], Path.Combine(_root, "t"), 1));
        Assert.Contains("output template", e.Message);
    }

    [Theory]
    [InlineData("refuse", RareLabelPolicy.Refuse)]
    [InlineData("drop", RareLabelPolicy.Drop)]
    [InlineData("other", RareLabelPolicy.Other)]
    public void RarePoliciesAreReadByTheirRecipeNames(string name, RareLabelPolicy policy) => Assert.Equal(policy, TaskDataBuild.ParseRare(name));
}
