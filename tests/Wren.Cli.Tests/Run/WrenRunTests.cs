using System.Text.Json;
using Spectre.Console.Testing;
using Wren.Cli.Terminal;

namespace Wren.Cli.Tests.Run;

/// <summary>
/// wren-run, the NativeAOT build of the runtime verbs (src/Wren.Run), against wren itself run in this process: the same
/// output for the same options, on linux-x64 here and on linux-arm64 under qemu (the arm64 check of <c>generate --greedy
/// --json</c>: its ids equal x64's for every reference prompt, so the 128-bit AdvSimd and SDOT kernels give x64's tokens).
/// </summary>
public sealed class WrenRunTests
{
    private static readonly string[] Fixtures = ["tiny-llama", "tiny-qwen2"];

    [WrenRunFact("linux-x64")]
    public Task GreedyJsonOutputEqualsWrenGenerateForEveryReferencePrompt() => GreedyJsonOutputEqualsWrenGenerate("linux-x64");

    [WrenRunFact("linux-arm64")]
    public Task TheLinuxArm64BuildGivesWrenGeneratesGreedyJsonOutputForEveryReferencePrompt() => GreedyJsonOutputEqualsWrenGenerate("linux-arm64");

    [WrenRunFact("linux-x64")]
    public async Task StreamedTextAndTheTimingsLineAreWrenGeneratesToo()
    {
        string model = Fixture("tiny-llama");
        string[] arguments = ["generate", "--model", model, "--prompt", "The", "--max-tokens", "16", "--seed", "7", "--threads", "1"];
        var native = await RunWrenRun("linux-x64", arguments);
        var wren = await WrenCli.Capture(arguments);
        Assert.Equal(0, native.ExitCode);
        Assert.Equal(wren.Out, native.Out);
        // "N prompt tokens, 16 generated (length); time to first token T ms; prefill R tok/s; decode R tok/s", timings apart
        const string Timings = "time to first token ";
        Assert.Matches(@"^\d+ prompt tokens, 16 generated \(length\); time to first token \d+ ms; prefill [0-9.]+ tok/s; decode [0-9.]+ tok/s$", native.Error.Trim());
        Assert.Equal(wren.Error[..wren.Error.IndexOf(Timings, StringComparison.Ordinal)], native.Error[..native.Error.IndexOf(Timings, StringComparison.Ordinal)]);
    }

    [WrenRunFact("linux-x64")]
    public async Task ChatAnswersAsWrenChatDoesAndResetsOnSlashReset()
    {
        string model = Fixture("tiny-qwen2");
        string[] arguments = ["chat", "--model", model, "--system", "You answer briefly.", "--max-tokens", "12", "--temperature", "0", "--threads", "1"];
        const string Conversation = "Who are you?\nHello there\n/reset\nWho are you?\n/exit\n";
        var native = await RunWrenRun("linux-x64", arguments, Conversation);

        var stdout = new TestConsole().Width(200);
        var stderr = new TestConsole().Width(200);
        int code = await Program.Run(arguments, new CliConsole(stdout, stderr, new StringReader(Conversation)));
        Assert.Equal(0, code);
        Assert.Equal(0, native.ExitCode);
        Assert.Equal(stdout.Output, native.Out);
        string[] answers = native.Out.Split("> ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, answers.Length);
        Assert.Equal(answers[0], answers[2]); // after /reset the same question gets the same greedy answer
        Assert.Contains("(conversation cleared)", native.Error, StringComparison.Ordinal);
    }

    [WrenRunFact("linux-x64")]
    public async Task GenerateChatAndServeTakeEveryOptionOfWrens()
    {
        var root = Program.CreateRoot(new CliConsole(new TestConsole(), new TestConsole(), TextReader.Null));
        foreach (string verb in new[] { "generate", "chat", "serve" })
        {
            var help = await RunWrenRun("linux-x64", [verb, "--help"]);
            Assert.Equal(0, help.ExitCode);
            var wrens = root.Subcommands.Single(c => c.Name == verb).Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet();
            // The one option wren-run cannot have: its server carries no Prometheus /metrics to open.
            wrens.Remove("--open-metrics");
            foreach (string option in wrens)
                Assert.True(help.Out.Contains(option, StringComparison.Ordinal), $"wren-run {verb} lacks wren's {option}:\n{help.Out}");
        }
    }

    [WrenRunFact("linux-x64")]
    public async Task AMissingModelIsOneErrorLineAndExitCodeOne()
    {
        var run = await RunWrenRun("linux-x64", ["generate", "--model", "/no/such/model", "--prompt", "x"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("wren-run: error: model folder '/no/such/model' does not exist", run.Error.Trim());
        Assert.Equal("", run.Out);
    }

    private static async Task GreedyJsonOutputEqualsWrenGenerate(string rid)
    {
        foreach (string name in Fixtures)
        {
            string model = Fixture(name);
            using var reference = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(model, "ref_outputs.json")));
            foreach (var prompt in reference.RootElement.GetProperty("prompts").EnumerateArray())
            {
                string text = prompt.GetProperty("text").GetString()!;
                string[] arguments = ["generate", "--model", model, "--prompt", text, "--max-tokens", "24", "--greedy", "--json", "--threads", "1"];
                var native = await RunWrenRun(rid, arguments);
                var wren = await WrenCli.Capture(arguments);
                Assert.True(native.ExitCode == 0, $"{rid} wren-run exited {native.ExitCode}: {native.Error}");
                Assert.Equal(0, wren.ExitCode);
                Assert.Equal(wren.Out, native.Out);
                // And both are transformers' greedy continuation (up to a stop token).
                using var json = JsonDocument.Parse(native.Out);
                int[] ids = json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                Assert.NotEmpty(ids);
                Assert.Equal(prompt.GetProperty("greedy_ids").EnumerateArray().Select(e => e.GetInt32()).Take(ids.Length), ids);
            }
        }
    }

    private static Task<CliRun> RunWrenRun(string rid, string[] arguments, string? input = null) =>
        WrenRunBuild.RunFor(rid, Path.Combine(WrenRunBuild.Directory(rid)!, "wren-run"), arguments, input);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);
}
