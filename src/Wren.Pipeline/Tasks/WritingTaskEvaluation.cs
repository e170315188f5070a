using System.Text.Json.Nodes;
using Wren.Data.Tasks;
using Wren.Data.Teacher;
using Wren.Eval.Writing;
using Wren.Runtime;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// What <c>wren task eval</c> and the build's task stage share for generate and extract tasks: the run's model, the
/// base model zero-shot and the teacher (when given) loaded as writers, measured on the test split beside the
/// baselines (<see cref="WritingTaskEvaluator"/>), and OUT/task.html and OUT/eval.json written. For extract every
/// model writes under the task's JSON Schema (constrained decoding); the teacher is asked for JSON in its prompt.
/// </summary>
public static class WritingTaskEvaluation
{
    public static async Task<WritingEvalReport> RunAsync(WritingEvaluationRequest request, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = request.Data;
        var manifest = request.Run is null ? null : WritingTaskManifest.Load(request.Run);
        string kind = manifest?.Kind ?? data.Definition?.Kind ?? TaskDefinition.GenerateKind;
        if (kind == TaskDefinition.ClassifyKind) throw new WrenException($"{data.Name} is a classify task");
        string? schema = (manifest?.Schema ?? data.Definition?.Schema)?.ToJsonString();
        if (kind == TaskDefinition.ExtractKind && schema is null) throw new WrenException($"{data.Name}: an extract task needs its JSON Schema (task.json's schema)");
        int maxTokens = manifest?.MaxOutputTokens ?? request.MaxOutputTokens;
        var loaded = new List<WrenModel>();
        TeacherClient? teacher = null, judge = null;
        try
        {
            var systems = new List<WritingSystem>();
            if (request.Run is not null)
            {
                var model = WrenModel.Load(Path.Combine(request.Run, manifest!.Model), ChatTemplates.Jinja);
                loaded.Add(model);
                var writer = new ModelWriter(model, schema, maxTokens);
                systems.Add(new WritingSystem("task model", $"{manifest.Method} on {Path.GetFileName(manifest.BaseModel ?? "")}, {model.Model.Config.ParameterCount / 1e6:0.0}M parameters", writer.WriteAsync, IsTaskModel: true));
            }

            if ((request.BaseModel ?? manifest?.BaseModel) is { } basePath)
            {
                var model = WrenModel.Load(basePath, ChatTemplates.Jinja);
                loaded.Add(model);
                var writer = new ModelWriter(model, schema, maxTokens);
                systems.Add(new WritingSystem("base zero-shot", $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(basePath))} as it is{(schema is null ? "" : ", held to the schema")}", writer.WriteAsync));
            }

            if (request.Teacher is { } teacherOptions)
            {
                // The teacher writes answers of the same kind as the task's, so it gets the same budget of tokens.
                teacher = new TeacherClient(teacherOptions with { MaxOutputTokens = Math.Min(teacherOptions.MaxOutputTokens, maxTokens) });
                var client = teacher;
                string instruction = schema is null ? "" : "\n\nAnswer with one JSON object that follows this JSON Schema, and nothing else:\n" + schema;
                systems.Add(new WritingSystem("teacher", $"{teacherOptions.Model} at {teacherOptions.Endpoint.Host}", async (input, ct) =>
                    (await client.CompleteAsync([new TeacherMessage("user", input + instruction)], ct).ConfigureAwait(false)).Text.Trim()));
            }

            Func<string, string, string, CancellationToken, Task<int?>>? grade = null;
            if (request.Judge is { } judgeOptions)
            {
                // One digit is all a grade needs; temperature 0 so a rerun is answered from the cache.
                judge = new TeacherClient(judgeOptions with { Temperature = 0, MaxOutputTokens = Math.Min(judgeOptions.MaxOutputTokens, 4) });
                var client = judge;
                grade = async (input, reference, answer, ct) =>
                    TeacherPrompts.ParseScore((await client.CompleteAsync(TeacherPrompts.JudgeAnswer(input, reference, answer), ct).ConfigureAwait(false)).Text);
            }

            var report = await WritingTaskEvaluator.RunAsync(new WritingEvalOptions
            {
                TaskName = manifest?.Task ?? data.Name,
                Kind = kind,
                SchemaJson = schema,
                Test = data.Test.Select(e => (e.Input, e.Output, e.Source)).ToList(),
                Train = data.Train.Select(e => (e.Input, e.Output)).ToList(),
                Systems = systems,
                Baselines = request.Baselines,
                Judge = grade,
            }, progress, cancellationToken).ConfigureAwait(false);
            if (manifest is not null) report = report with { Training = manifest.Training };
            if (request.OutputFolder is { } folder)
            {
                Directory.CreateDirectory(folder);
                WritingHtmlReport.Write(report, Path.Combine(folder, TaskEvaluation.HtmlFile));
                AtomicFile.WriteAllText(Path.Combine(folder, TaskEvaluation.JsonFile), WritingEvalJson.Render(report));
            }

            return report;
        }
        finally
        {
            foreach (var m in loaded) m.Dispose();
            teacher?.Dispose();
            judge?.Dispose();
        }
    }
}
