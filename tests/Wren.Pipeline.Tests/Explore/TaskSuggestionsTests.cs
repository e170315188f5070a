using Wren.Pipeline.Build;
using Wren.Pipeline.Explore;

namespace Wren.Pipeline.Tests.Explore;

/// <summary>What <c>wren build</c> suggests at its end: candidates from the data's structure when the recipe names no task, none when it does.</summary>
public sealed class TaskSuggestionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wren-suggest-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ARecipeWithoutTasksGetsTheTasksItsDataSupportsWithTheirCommands()
    {
        string sample = BundledSample.TryFind(AppContext.BaseDirectory) ?? throw new InvalidOperationException("samples/acme not found above the test assembly");
        // The notes export alone (not the bundled sample, which gets its route-mail task): an author column beside its text.
        var context = BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), Sources = [Path.Combine(sample, "records", "notes.jsonl")] }, NullBuildObserver.Instance);
        Assert.Empty(context.Recipe.Tasks);

        var suggestions = await TaskSuggestions.ForBuildAsync(context, top: 3, CancellationToken.None);

        Assert.InRange(suggestions.Count, 1, 3);
        Assert.Contains(suggestions, s => s.Command is { } c && c.Contains("--from records --input '{text}' --output '{author}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARecipeWithTasksGetsNoSuggestions()
    {
        string sample = BundledSample.TryFind(AppContext.BaseDirectory) ?? throw new InvalidOperationException("samples/acme not found above the test assembly");
        var context = BuildContext.Open(new BuildRequest { OutputDirectory = Path.Combine(_root, "out"), Sources = [sample] }, NullBuildObserver.Instance);
        Assert.NotEmpty(context.Recipe.Tasks);

        Assert.Empty(await TaskSuggestions.ForBuildAsync(context, top: 3, CancellationToken.None));
    }
}
