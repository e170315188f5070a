using System.Text;
using System.Text.Json;

namespace Wren.Cli.Tests;

/// <summary><c>wren task data</c>, <c>train</c> and <c>eval</c> end to end on a small ticket export, as a user runs them.</summary>
public sealed class TaskCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-taskcli-" + Guid.NewGuid().ToString("N")[..8]);

    public TaskCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Tickets about invoices and about deliveries, worded so that a word or two decides the queue.</summary>
    private string WriteTickets()
    {
        var csv = new StringBuilder("id,subject,body,queue\n");
        string[] billing = ["invoice", "refund", "charge", "payment"], shipping = ["parcel", "courier", "delivery", "tracking"];
        for (int i = 0; i < 80; i++)
        {
            bool bill = i % 2 == 0;
            string word = (bill ? billing : shipping)[i / 2 % 4];
            csv.Append($"{i},\"question {i} about my {word}\",\"Hello, my {word} number {i * 7} needs help.\",{(bill ? "billing" : "shipping")}\n");
        }
        string path = Path.Combine(_root, "tickets.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task DataTrainAndEvalMakeATaskFolderARunAndOneJsonObjectBesideTheBaselines()
    {
        string task = Path.Combine(_root, "task"), run = Path.Combine(_root, "run");
        var data = await WrenCli.Capture("task", "data", WriteTickets(), "--from", "records", "--input", "{subject}\n\n{body}", "--output", "{queue}", "--out", task);
        Assert.True(data.ExitCode == 0, data.Error);
        Assert.Contains("billing", data.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(task, "test.jsonl")));

        var train = await WrenCli.Capture("task", "train", "--data", task, "--out", run, "--time", "8s", "--clock", "cpu",
            "--hidden", "64", "--layers", "2", "--vocab", "300", "--max-input-tokens", "48", "--threads", "2");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(File.Exists(Path.Combine(run, "model", "config.json")));
        Assert.True(File.Exists(Path.Combine(run, "task.json")));

        var eval = await WrenCli.Capture("task", "eval", "--model", run, "--data", task, "--json", "--no-learning-curve", "--out", Path.Combine(_root, "eval"));
        Assert.True(eval.ExitCode == 0, eval.Error);
        using var json = JsonDocument.Parse(eval.Out);
        var root = json.RootElement;
        Assert.Equal("task", root.GetProperty("task").GetString());
        Assert.Equal("classify", root.GetProperty("kind").GetString());
        Assert.Equal(File.ReadAllLines(Path.Combine(task, "test.jsonl")).Length, root.GetProperty("n").GetInt32());
        Assert.InRange(root.GetProperty("accuracy").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("latency_ms_p50").GetDouble() > 0);
        Assert.True(root.GetProperty("per_class").TryGetProperty("billing", out _));
        var baselines = root.GetProperty("baselines");
        Assert.Equal(0.5, baselines.GetProperty("majority").GetProperty("accuracy").GetDouble(), 1);
        Assert.True(baselines.GetProperty("tfidf_logreg").GetProperty("accuracy").GetDouble() > 0.9, "a word decides the queue: TF-IDF gets it");
        Assert.True(File.Exists(Path.Combine(_root, "eval", "task.html")));
    }

    [Fact]
    public async Task ARecordsTaskWithoutAnOutputTemplateIsAOneLineErrorNamingTheOption()
    {
        var run = await WrenCli.Capture("task", "data", WriteTickets(), "--from", "records", "--input", "{subject}", "--out", Path.Combine(_root, "t"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--output", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "t")));
    }
}
