using System.Text.Json.Nodes;
using Wren.Data.Teacher;

namespace Wren.Server.Tests;

/// <summary><c>wren examples teacher</c>'s client with <c>wren serve</c> as the teacher: an OpenAI-compatible endpoint is one.</summary>
[Collection(ServerCollection.Name)]
public sealed class TeacherAgainstServerTests(ServerFixture fixture) : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("wren-teacher-serve-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private TeacherClient Teacher() => new(new TeacherOptions
    {
        Endpoint = new Uri(fixture.Address, "/v1"),
        Model = fixture.Model.Name,
        ApiKeyVariable = "WREN_TEST_TEACHER_KEY_UNSET",
        Temperature = 0,
        MaxOutputTokens = 8,
        CacheFolder = Path.Combine(_temp, "cache"),
    });

    [Fact]
    public async Task WrenServeAnswersTheTeacherAndItsUsageIsCountedOnceThenCached()
    {
        using var teacher = Teacher();
        TeacherMessage[] prompt = [new("user", "Tell me about the United States")];
        var first = await teacher.CompleteAsync(prompt, CancellationToken.None);
        var again = await teacher.CompleteAsync(prompt, CancellationToken.None);

        Assert.False(first.FromCache);
        Assert.True(again.FromCache);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(1, teacher.Spend.Requests);
        Assert.Equal(1, teacher.Spend.Cached);
        Assert.InRange(teacher.Spend.OutputTokens, 1, 8);
        Assert.True(teacher.Spend.InputTokens > 5);
    }

    [Fact]
    public async Task ChunksTheServerRefusesAreCountedAndTheRunGoesOn()
    {
        string docs = Path.Combine(_temp, "docs.jsonl");
        File.WriteAllLines(docs, Enumerable.Range(0, 3).Select(i => new JsonObject
        {
            ["id"] = $"d{i}",
            ["source"] = $"d{i}.txt",
            ["text"] = $"Report {i}. The committee counted the harbours and found most in good order; the districts pay for repairs by a levy on the harbours themselves.",
        }.ToJsonString()));
        using var teacher = Teacher();

        // The prompt is longer than the tiny fixture model's context: wren serve answers OpenAI's 400
        // context_length_exceeded, which is this request's fault, so each chunk is counted as refused and the run finishes.
        var result = await TeacherDataBuilder.BuildAsync(new TeacherDataOptions { Kind = TeacherTaskKind.Qa, Source = docs, MinChunkChars = 50 }, teacher);

        Assert.Equal(3, result.Chunks);
        Assert.Equal(3, result.Dropped["teacher refused the request (HTTP 400)"]);
        Assert.Empty(result.Train);
        Assert.Equal(0, teacher.Spend.Retries);
    }
}
