namespace Wren.Cli.Tests;

public sealed class EvalCommandTests
{
    [Fact]
    public async Task WithoutOutTheResultsGoBesideTheModelFolderNotIntoTheCurrentFolder()
    {
        string run = Path.Combine(Path.GetTempPath(), "wren-eval-" + Guid.NewGuid().ToString("N")[..8]);
        string model = Path.Combine(run, "model");
        Directory.CreateDirectory(model);
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama")))
        {
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        }
        string text = Path.Combine(run, "heldout.txt");
        File.WriteAllText(text, "Call me Ishmael. Some years ago, never mind how long precisely, I thought I would sail about a little.");
        bool inCurrentFolderBefore = File.Exists("eval.json");

        int code = await WrenCli.Run(["eval", "--model", model, "--tasks", "ppl:" + text, "--workers", "1", "--threads", "1"]);

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(run, "eval.json")), "eval.json beside the model folder");
        Assert.Equal(inCurrentFolderBefore, File.Exists("eval.json"));
    }
}
