using System.Text.Json;
using Wren.Data.Tests.Sources;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Cli.Tests.Run;

/// <summary>
/// libwren's C API (src/Wren.Native/include/wren.h) through its C example, compiled here with the C compiler of each RID:
/// the ids wren generate gives, cancellation from the token callback, the chat template the runtime renders, error strings.
/// </summary>
public sealed class LibWrenTests
{
    private const string Prompt = "Call me Ishmael. Some years ago";

    [WrenRunFact("linux-x64", needsCCompiler: true)]
    public Task TheCExampleGeneratesWrenGeneratesGreedyIdsAndText() => GeneratesWrenGeneratesGreedyIds("linux-x64");

    [WrenRunFact("linux-arm64", needsCCompiler: true)]
    public Task TheLinuxArm64CExampleUnderQemuGeneratesWrenGeneratesGreedyIds() => GeneratesWrenGeneratesGreedyIds("linux-arm64");

    [WrenRunFact("linux-x64", needsCCompiler: true)]
    public async Task ATokenCallbackThatReturnsNonzeroStopsTheGeneration()
    {
        using var folder = new TempDirectory();
        string example = await WrenRunBuild.CompileExample("linux-x64", folder.Path);
        var full = Parse(await WrenRunBuild.RunFor("linux-x64", example, [Fixture("tiny-llama"), Prompt, "24"]));
        var stopped = Parse(await WrenRunBuild.RunFor("linux-x64", example, [Fixture("tiny-llama"), Prompt, "24", "5"]));
        Assert.Equal("ok", full.Status);
        Assert.Equal("cancelled", stopped.Status);
        Assert.Equal(full.Ids.Take(5), stopped.Ids);
    }

    [WrenRunFact("linux-x64", needsCCompiler: true)]
    public async Task ChatApplyTemplateRendersWhatTheRuntimeRendersAndGeneratesFromIt()
    {
        using var folder = new TempDirectory();
        string example = await WrenRunBuild.CompileExample("linux-x64", folder.Path);
        string model = Fixture("tiny-qwen2");
        var run = await WrenRunBuild.RunFor("linux-x64", example, ["--chat", model, "Hello there", "8"]);
        Assert.True(run.ExitCode == 0, run.Error);

        using var wren = WrenModel.Load(model, ChatTemplates.Jinja);
        string rendered = wren.Template!.Render([new TemplateMessage("user", "Hello there")], addGenerationPrompt: true);
        Assert.StartsWith("template: " + rendered + "\nids: ", run.Out, StringComparison.Ordinal);
        var generated = await PromptContinuationOf(wren, rendered);
        Assert.Equal(generated, Parse(run).Ids);
    }

    [WrenRunFact("linux-x64", needsCCompiler: true)]
    public async Task AFailedCallLeavesItsReasonInWrenLastError()
    {
        using var folder = new TempDirectory();
        string example = await WrenRunBuild.CompileExample("linux-x64", folder.Path);
        var run = await WrenRunBuild.RunFor("linux-x64", example, ["/no/such/model", Prompt, "4"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: wren_model_load: model folder '/no/such/model' does not exist", run.Error.Trim());
    }

    private static async Task GeneratesWrenGeneratesGreedyIds(string rid)
    {
        using var folder = new TempDirectory();
        string example = await WrenRunBuild.CompileExample(rid, folder.Path);
        foreach (string name in new[] { "tiny-llama", "tiny-qwen2" })
        {
            var c = Parse(await WrenRunBuild.RunFor(rid, example, [Fixture(name), Prompt, "24"]));
            var wren = await WrenCli.Capture("generate", "--model", Fixture(name), "--prompt", Prompt, "--max-tokens", "24", "--greedy", "--json", "--threads", "1");
            using var json = JsonDocument.Parse(wren.Out);
            Assert.Equal(json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()), c.Ids);
            Assert.Equal(json.RootElement.GetProperty("text").GetString(), c.Text);
            Assert.Equal("ok", c.Status);
        }
    }

    /// <summary>What the runtime generates greedily from an already rendered chat prompt (no bos added: the template wrote it).</summary>
    private static async Task<int[]> PromptContinuationOf(WrenModel wren, string rendered)
    {
        using var scheduler = new GenerationScheduler(wren, new GenerationSchedulerOptions { Parallel = 1, Threads = 1 });
        var generation = scheduler.Submit(new TextGenerationRequest
        {
            PromptIds = wren.Tokenizer.Encode(rendered, addSpecialTokens: false),
            MaxTokens = 8,
            Sampling = SamplingOptions.Greedy,
        }, CancellationToken.None);
        var (_, ids, _) = await generation.ReadAllAsync();
        return ids.ToArray();
    }

    /// <summary>The example's "ids: ..." and "status: ..." lines, then "text: " and the text to the end (it may hold newlines).</summary>
    private static (int[] Ids, string Text, string Status) Parse(CliRun run)
    {
        Assert.True(run.ExitCode == 0, $"wren_example exited {run.ExitCode}: {run.Error}");
        string[] lines = run.Out.Split('\n');
        string Line(string key) => lines.Single(l => l.StartsWith(key + ": ", StringComparison.Ordinal) || l == key + ":")[(key.Length + 1)..];
        int[] ids = Line("ids").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        int text = run.Out.IndexOf("\ntext: ", StringComparison.Ordinal) + "\ntext: ".Length;
        return (ids, run.Out[text..^1], Line("status").Trim());
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);
}
