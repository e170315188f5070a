using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Pipeline.Tasks;
using Wren.Runtime.Generation;
using Wren.Server;
using Wren.Templates;
using Wren.Data.Tests.Teacher;
using Wren.Tests.Peers;

namespace Wren.Cli.Tests;

/// <summary>
/// Generate and extract tasks end to end on the bundled sample, as a user runs them: replies from its mail and the
/// customer field from its tickets, a tiny base model fine-tuned on each, measured beside the base zero-shot, a
/// teacher (wren serve itself on loopback, an OpenAI-compatible endpoint) and the baselines, and the extract run
/// served with its schema held on every answer, checked by an independent validator.
/// </summary>
public sealed class WritingTaskCommandTests : IAsyncLifetime
{
    private static string BaseModel => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");

    private readonly string _root = Directory.CreateTempSubdirectory("wren-writetask-").FullName;

    // The teacher and the judge: a scripted OpenAI-compatible endpoint that records what it was sent. The judge
    // grades 4; the teacher answers an object valid against the tickets' schema, or a short reply.
    private readonly LoopbackOpenAiServer _endpoint = new(request =>
        LoopbackOpenAiServer.SystemMessage(request).Contains("grade answers", StringComparison.Ordinal) ? "4"
        : LoopbackOpenAiServer.LastMessage(request).Contains("JSON Schema", StringComparison.Ordinal) ? "{\"customer\":\"Matthias Saou\"}"
        : "Thanks, that is fixed now.");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _endpoint.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AnExtractTaskFromTheSampleTicketsTrainsIsMeasuredBesideBaseTeacherAndBaselinesAndServesOnlyValidObjects()
    {
        string task = Path.Combine(_root, "fields"), run = Path.Combine(_root, "run-fields"), eval = Path.Combine(_root, "eval-fields");
        var data = await WrenCli.Capture("task", "data", Path.Combine(AcmeSample.Folder, "records", "tickets.csv"), "--from", "records", "--kind", "extract",
            "--input", "{subject}\n\n{body}", "--fields", "customer", "--test", "0.1", "--out", task);
        Assert.True(data.ExitCode == 0, data.Error);
        string schema = JsonNode.Parse(File.ReadAllText(Path.Combine(task, "task.json")))!["schema"]!.ToJsonString();
        Assert.Contains("\"customer\"", schema, StringComparison.Ordinal);

        var train = await WrenCli.Capture("task", "train", "--data", task, "--base", BaseModel, "--out", run, "--time", "4s", "--threads", "2");
        Assert.True(train.ExitCode == 0, train.Error + train.Out);
        Assert.True(File.Exists(Path.Combine(run, "model", "model.safetensors")));
        Assert.Equal("extract", WritingTaskManifest.Load(run).Kind);

        var measured = await WrenCli.Capture("task", "eval", "--model", run, "--data", task, "--json", "--out", eval,
            "--teacher-url", _endpoint.Endpoint.ToString(), "--teacher-model", "teacher-7b", "--teacher-key-env", "WREN_TEST_TEACHER_KEY_UNSET");
        Assert.True(measured.ExitCode == 0, measured.Error);
        using var json = JsonDocument.Parse(measured.Out);
        var root = json.RootElement;
        Assert.Equal("extract", root.GetProperty("kind").GetString());
        Assert.Equal(File.ReadAllLines(Path.Combine(task, "test.jsonl")).Length, root.GetProperty("n").GetInt32());
        var systems = root.GetProperty("systems").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["base zero-shot", "majority", "retrieval", "task model", "teacher"], systems.Keys.Order(StringComparer.Ordinal));
        // Constrained to the schema, both local models always write valid objects; the teacher is only asked to.
        Assert.Equal(1.0, systems["task model"].GetProperty("validity").GetDouble());
        Assert.Equal(1.0, systems["base zero-shot"].GetProperty("validity").GetDouble());
        Assert.False(systems["teacher"].TryGetProperty("error", out _));
        Assert.Equal(1.0, systems["teacher"].GetProperty("validity").GetDouble());
        // The teacher was sent each test input with the schema to follow, once each, at temperature 0.
        int tests = root.GetProperty("n").GetInt32();
        var sent = _endpoint.Requests.ToList();
        Assert.Equal(tests, sent.Count);
        Assert.All(sent, r => Assert.Equal("teacher-7b", r["model"]!.GetValue<string>()));
        Assert.All(sent, r => Assert.Equal(0, r["temperature"]!.GetValue<double>()));
        Assert.All(sent, r => Assert.Contains(schema, LoopbackOpenAiServer.LastMessage(r), StringComparison.Ordinal));
        Assert.True(systems["task model"].GetProperty("fields").TryGetProperty("customer", out _));
        Assert.NotEmpty(root.GetProperty("verdict").GetString()!);
        Assert.True(File.Exists(Path.Combine(eval, "task.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(eval, "teacher-cache"), "*", SearchOption.AllDirectories));

        // Served as a task run: answers hold to the task's schema with and without response_format.
        var served = ServedTask.Find(run)!;
        using var model = WrenModel.Load(served.ModelFolder, ChatTemplates.Jinja);
        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { Parallel = 1, MaxQueue = 8, Threads = 1 });
        await using var server = await WrenServer.StartAsync(scheduler, new WrenServerOptions { Port = 0, MaxTokensLimit = 256, DefaultConstraint = served.Constraint(model) });
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        // Inputs cut to fit the tiny model's 256 positions.
        foreach (var test in File.ReadLines(Path.Combine(task, "test.jsonl")).Take(3).Select(l => JsonNode.Parse(l)!["input"]!.GetValue<string>()).Select(t => t.Length > 200 ? t[..200] : t))
        {
            foreach (bool withFormat in new[] { false, true })
            {
                var request = new JsonObject
                {
                    ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = test }),
                    ["max_tokens"] = 48,
                    ["temperature"] = 1.0,
                };
                if (withFormat) request["response_format"] = JsonNode.Parse("""{"type":"json_schema","json_schema":{"name":"fields","strict":true,"schema":""" + schema + "}}");
                using var response = await http.PostAsJsonAsync("/v1/chat/completions", request);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                string answer = body["choices"]![0]!["message"]!["content"]!.GetValue<string>();
                Assert.Null(JsonSchemaPeer.Validate(schema, answer));
            }
        }
    }

    [Fact]
    public async Task AGenerateTaskFromTheSampleMailRepliesTrainsAndIsScoredByEveryTextMetric()
    {
        string task = Path.Combine(_root, "replies"), run = Path.Combine(_root, "run-replies");
        var data = await WrenCli.Capture("task", "data", Path.Combine(AcmeSample.Folder, "mail"), "--from", "mail-replies", "--out", task);
        Assert.True(data.ExitCode == 0, data.Error);
        Assert.Equal("generate", JsonNode.Parse(File.ReadAllText(Path.Combine(task, "task.json")))!["kind"]!.GetValue<string>());

        var train = await WrenCli.Capture("task", "train", "--data", task, "--base", BaseModel, "--out", run, "--time", "3s", "--threads", "2");
        Assert.True(train.ExitCode == 0, train.Error + train.Out);

        string eval = Path.Combine(_root, "eval-replies");
        var measured = await WrenCli.Capture("task", "eval", "--model", run, "--data", task, "--json", "--out", eval,
            "--judge-url", _endpoint.Endpoint.ToString(), "--judge-model", "judge-70b", "--teacher-key-env", "WREN_TEST_TEACHER_KEY_UNSET");
        Assert.True(measured.ExitCode == 0, measured.Error);
        using var json = JsonDocument.Parse(measured.Out);
        var systems = json.RootElement.GetProperty("systems").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["base zero-shot", "retrieval", "task model"], systems.Keys.Order(StringComparer.Ordinal));
        foreach (var s in systems.Values)
        {
            foreach (string metric in new[] { "exact_match", "token_f1", "rouge_l", "rouge_lsum" }) Assert.InRange(s.GetProperty(metric).GetDouble(), 0, 1);
            Assert.InRange(s.GetProperty("chrf").GetDouble(), 0, 100);
            Assert.Equal(4, s.GetProperty("judge_score").GetDouble());
            Assert.Equal(0, s.GetProperty("judge_ungraded").GetInt32());
        }

        // The judge graded every system's answer to every test example against its reference.
        var test = File.ReadLines(Path.Combine(task, "test.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var graded = _endpoint.Requests.ToList();
        Assert.InRange(graded.Count, test.Count, systems.Count * test.Count);
        // Two systems that write the same answer are graded once: the judge's requests are cached by their content.
        Assert.Equal(graded.Count, graded.Select(LoopbackOpenAiServer.LastMessage).Distinct(StringComparer.Ordinal).Count());
        Assert.All(graded, r => Assert.Equal("judge-70b", r["model"]!.GetValue<string>()));
        Assert.All(test, t => Assert.Contains(graded, r => LoopbackOpenAiServer.LastMessage(r).Contains("Reference answer:\n" + t["output"]!.GetValue<string>(), StringComparison.Ordinal)));

        // The judge's requests are cached on disk: a rerun asks it nothing.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(eval, "judge-cache"), "*", SearchOption.AllDirectories));

        Assert.NotEmpty(json.RootElement.GetProperty("worst").EnumerateArray());
    }
}
