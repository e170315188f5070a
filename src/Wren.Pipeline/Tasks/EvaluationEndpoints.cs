using Wren.Data.Teacher;
using Wren.Runtime;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// The teacher and the judge a generate or extract evaluation talks to (<see cref="WritingEvaluationRequest"/>), from
/// <c>wren task eval</c>'s URLs and model names: greedy, one request at a time (latency is one request's), answers cached.
/// </summary>
public sealed record EvaluationEndpoints(TeacherOptions? Teacher, TeacherOptions? Judge)
{
    /// <param name="outputFolder">Where the caches go (teacher-cache/, judge-cache/); null: a folder under the system's temporary folder.</param>
    /// <param name="judgeUrl">The judge's endpoint; null: the teacher's.</param>
    public static EvaluationEndpoints From(string? teacherUrl, string? teacherModel, string? judgeUrl, string? judgeModel, string apiKeyVariable, string? outputFolder)
    {
        string cacheRoot = outputFolder ?? Path.Combine(Path.GetTempPath(), "wren-task-eval");
        TeacherOptions? Endpoint(string option, string? url, string? name, string modelOption, string cache) => url is null ? null : new TeacherOptions
        {
            Endpoint = TeacherOptions.ParseEndpoint(url, option),
            Model = name ?? throw new WrenException($"{option} needs a model name ({modelOption})"),
            ApiKeyVariable = apiKeyVariable,
            Temperature = 0,
            Concurrency = 1,
            CacheFolder = Path.Combine(cacheRoot, cache),
        };

        var teacher = Endpoint("--teacher-url", teacherUrl, teacherModel, "--teacher-model", "teacher-cache");
        var judge = judgeModel is null ? null
            : Endpoint("--judge-url", judgeUrl ?? teacherUrl ?? throw new WrenException("--judge-model needs --judge-url (or --teacher-url)"), judgeModel, "--judge-model", "judge-cache");
        return new EvaluationEndpoints(teacher, judge);
    }
}
