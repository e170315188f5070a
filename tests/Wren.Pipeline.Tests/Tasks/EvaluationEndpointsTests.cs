using Wren.Pipeline.Tasks;
using Wren.Runtime;

namespace Wren.Pipeline.Tests.Tasks;

public sealed class EvaluationEndpointsTests
{
    [Fact]
    public void TheJudgeTalksToTheTeachersEndpointUnlessGivenItsOwnAndBothAreGreedyAndCachedApart()
    {
        var endpoints = EvaluationEndpoints.From("http://localhost:11434/v1", "qwen2.5:7b", null, "llama3:8b", "MY_KEY", "/tmp/run/eval");

        Assert.Equal(new Uri("http://localhost:11434/v1"), endpoints.Teacher!.Endpoint);
        Assert.Equal("qwen2.5:7b", endpoints.Teacher.Model);
        Assert.Equal(new Uri("http://localhost:11434/v1"), endpoints.Judge!.Endpoint);
        Assert.Equal("llama3:8b", endpoints.Judge.Model);
        Assert.All(new[] { endpoints.Teacher, endpoints.Judge }, t =>
        {
            Assert.Equal(0, t.Temperature);
            Assert.Equal(1, t.Concurrency);
            Assert.Equal("MY_KEY", t.ApiKeyVariable);
        });
        Assert.Equal(Path.Combine("/tmp/run/eval", "teacher-cache"), endpoints.Teacher.CacheFolder);
        Assert.Equal(Path.Combine("/tmp/run/eval", "judge-cache"), endpoints.Judge.CacheFolder);

        var own = EvaluationEndpoints.From(null, null, "https://api.example.com/v1", "grader", "MY_KEY", null);
        Assert.Null(own.Teacher);
        Assert.Equal(new Uri("https://api.example.com/v1"), own.Judge!.Endpoint);
        Assert.StartsWith(Path.GetTempPath(), own.Judge.CacheFolder, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingGivenMeansNoTeacherAndNoJudge()
    {
        var endpoints = EvaluationEndpoints.From(null, null, null, null, "OPENAI_API_KEY", null);
        Assert.Null(endpoints.Teacher);
        Assert.Null(endpoints.Judge);
    }

    [Theory]
    [InlineData("ftp://host/v1", "qwen", null, null, "--teacher-url 'ftp://host/v1': not an http(s) URL such as http://localhost:11434/v1")]
    [InlineData("http://localhost:11434/v1", null, null, null, "--teacher-url needs a model name (--teacher-model)")]
    [InlineData(null, null, null, "grader", "--judge-model needs --judge-url (or --teacher-url)")]
    [InlineData(null, null, "localhost:8080", "grader", "--judge-url 'localhost:8080': not an http(s) URL such as http://localhost:11434/v1")]
    public void AWrongOrMissingEndpointIsAOneLineErrorNamingTheOption(string? teacherUrl, string? teacherModel, string? judgeUrl, string? judgeModel, string message)
    {
        var e = Assert.Throws<WrenException>(() => EvaluationEndpoints.From(teacherUrl, teacherModel, judgeUrl, judgeModel, "OPENAI_API_KEY", null));
        Assert.Equal(message, e.Message);
    }
}
