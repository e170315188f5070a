// Chat-template rendering speed: Wren's Jinja engine vs @huggingface/jinja (transformers.js) under node,
// on the same templates and the same 10-message conversation, measured in one run and printed as ratios.
// Run: dotnet run -c Release --project bench/Wren.Bench.Templates [-- --iterations N]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime.Generation;
using Wren.Templates;

int iterations = args.Length == 2 && args[0] == "--iterations" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
string root = FindRepositoryRoot();
string dataDir = Path.Combine(root, "tests", "TestData", "chat-templates");
using var models = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, "models.json")));

// A 10-message conversation: system prompt, then alternating user/assistant turns.
var messages = new List<TemplateMessage> { new("system", "You are a concise assistant for the operations team.") };
for (int i = 0; i < 9; i++)
{
    messages.Add(i % 2 == 0
        ? new TemplateMessage("user", $"Question {i}: what does the nightly job {i} do, and when does it run?")
        : new TemplateMessage("assistant", $"Job {i} compacts the logs of the previous day and runs at 02:{i:00} UTC."));
}
var variables = new Dictionary<string, object?> { ["date_string"] = "26 Jul 2024" };

var rows = new List<(string Model, double WrenParseUs, double WrenRenderUs, long WrenBytes, double PeerRenderUs)>();
var peerJobs = new JsonArray();
foreach (var model in models.RootElement.EnumerateObject())
{
    if (model.Name == "gemma-2-9b-it")
    {
        continue; // rejects system messages by design
    }
    string source = File.ReadAllText(Path.Combine(dataDir, model.Name + ".jinja"));
    string? bos = model.Value.GetProperty("bos_token").GetString();
    string? eos = model.Value.GetProperty("eos_token").GetString();

    const int parses = 200;
    for (int i = 0; i < parses; i++)
    {
        JinjaTemplate.Parse(source, TemplateOptions.ChatTemplate);
    }
    var parseCpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (int i = 0; i < parses; i++)
    {
        JinjaTemplate.Parse(source, TemplateOptions.ChatTemplate);
    }
    double parseUs = (Process.GetCurrentProcess().TotalProcessorTime - parseCpu).TotalMicroseconds / parses;

    var template = ChatTemplate.Parse(source, bos, eos);
    string output = template.Render(messages, true, variables);
    for (int i = 0; i < 2_000; i++)
    {
        template.Render(messages, true, variables);
    }
    long before = GC.GetAllocatedBytesForCurrentThread();
    // CPU time, not wall time: the figure stays meaningful on a loaded machine.
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    for (int i = 0; i < iterations; i++)
    {
        template.Render(messages, true, variables);
    }
    double renderUs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / iterations;
    long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / iterations;
    rows.Add((model.Name, parseUs, renderUs, bytes, double.NaN));

    peerJobs.Add(new JsonObject
    {
        ["name"] = model.Name,
        ["template"] = source,
        ["expected"] = output,
        ["context"] = new JsonObject
        {
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
            ["add_generation_prompt"] = true,
            ["bos_token"] = bos,
            ["eos_token"] = eos,
            ["date_string"] = "26 Jul 2024",
        },
    });
}

var peer = RunPeer(root, peerJobs, iterations);
Console.WriteLine($"Chat template render, 10-message conversation, {iterations} renders each (CPU µs per render; ratio = peer / Wren, >1 means Wren is faster)");
Console.WriteLine();
Console.WriteLine($"| {"template",-24} | {"Wren parse µs",13} | {"Wren render µs",14} | {"Wren bytes/render",17} | {"hf/jinja render µs",18} | {"ratio",6} | same output |");
Console.WriteLine($"|{new string('-', 26)}|{new string('-', 15)}|{new string('-', 16)}|{new string('-', 19)}|{new string('-', 20)}|{new string('-', 8)}|-------------|");
foreach (var row in rows)
{
    string peerText = peer is null ? "n/a" : peer[row.Model].Us.ToString("F1", CultureInfo.InvariantCulture);
    string ratio = peer is null ? "n/a" : (peer[row.Model].Us / row.WrenRenderUs).ToString("F1", CultureInfo.InvariantCulture) + "x";
    string same = peer is null ? "n/a" : peer[row.Model].Same ? "yes" : "NO";
    Console.WriteLine($"| {row.Model,-24} | {row.WrenParseUs,13:F1} | {row.WrenRenderUs,14:F2} | {row.WrenBytes,17} | {peerText,18} | {ratio,6} | {same,-11} |");
}
if (peer is null)
{
    Console.WriteLine();
    Console.WriteLine("(@huggingface/jinja not measured: run `npm ci` in tests/peers/jinja and make sure node is installed)");
}
return 0;

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("run from inside the Wren repository");
}

static Dictionary<string, (double Us, bool Same)>? RunPeer(string root, JsonArray jobs, int iterations)
{
    string dir = Path.Combine(root, "tests", "peers", "jinja");
    if (!Directory.Exists(Path.Combine(dir, "node_modules", "@huggingface", "jinja")))
    {
        return null;
    }
    var start = new ProcessStartInfo("node", ["bench.mjs", iterations.ToString(CultureInfo.InvariantCulture)])
    {
        WorkingDirectory = dir,
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    try
    {
        using var process = Process.Start(start)!;
        process.StandardInput.Write(jobs.ToJsonString());
        process.StandardInput.Close();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var result = new Dictionary<string, (double, bool)>();
        foreach (var entry in JsonDocument.Parse(stdout).RootElement.EnumerateArray())
        {
            result[entry.GetProperty("name").GetString()!] = (entry.GetProperty("us").GetDouble(), entry.GetProperty("same").GetBoolean());
        }
        return result;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}
