using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console.Testing;
using Wren.Cli.Terminal;
using Wren.Training.Data;

namespace Wren.Cli.Tests;

/// <summary><c>wren train</c> as a user sees it: into a log, on a terminal, and with a time budget.</summary>
public sealed partial class TrainCommandTests : IDisposable
{
    private static readonly string Tokenizer = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wren-cli-train-" + Guid.NewGuid().ToString("N")[..8]);

    public TrainCommandTests()
    {
        var random = new Random(7);
        using var train = new TokenShardWriter(Data, "train", 512);
        train.Write(Enumerable.Range(0, 20_000).Select(_ => random.Next(500)).ToArray());
        using var val = new TokenShardWriter(Data, "val", 512);
        val.Write(Enumerable.Range(0, 2_000).Select(_ => random.Next(500)).ToArray());
    }

    private string Data => Path.Combine(_dir, "tokens");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string[] Args(string run, params string[] budget) =>
        ["train", "--data", Data, "--tokenizer", Tokenizer, "--out", Path.Combine(_dir, run), "--batch", "2", "--seq", "16", "--eval-every", "10", "--eval-batches", "2", "--checkpoint-every", "0", "--threads", "2", .. budget];

    [GeneratedRegex(@"step +(\d+)/(~?)(\d+) [^\n]*?\| lr ([0-9.E+-]+) ")]
    private static partial Regex StepLine();

    [Fact]
    public async Task IntoALogItWritesTheFirstStepEachEvaluationAndALineEveryFewSecondsNotOnePerStep()
    {
        var (code, output, _) = await WrenCli.Capture(Args("log", "--steps", "30"));
        Assert.Equal(0, code);
        var steps = StepLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1, steps[0]);
        Assert.Contains(10, steps);
        Assert.Contains(20, steps);
        Assert.Equal(30, steps[^1]);
        // Today's one line per step would be 30; the rest come only every TrainingDisplay.LogInterval.
        Assert.True(steps.Count < 15, $"{steps.Count} step lines: {string.Join(",", steps)}");
    }

    [Fact]
    public async Task OnATerminalItShowsAProgressBarWithItsRateAndTimeLeft()
    {
        var terminal = new TestConsole().Width(160).Interactive();
        var error = new TestConsole().Width(160);
        Assert.Equal(0, await Program.Run(Args("terminal", "--steps", "30"), new CliConsole(terminal, error, TextReader.Null)));
        string output = terminal.Output;
        Assert.Contains("train", output);
        Assert.Contains("steps/s", output);
        // The bar carries the steps; only the evaluation steps get a line of their own.
        var lines = StepLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.True(lines.SequenceEqual([10, 20, 30]), output);
    }

    [Fact]
    public async Task ATimeLimitedRunShowsItsEstimatedStepCountAndARealLearningRateFromTheFirstStep()
    {
        // Long enough that the first step (JIT included) ends inside the budget even on a loaded machine: a first
        // step that is also the last is rightly shown as 1/1, with no estimate to check (3 s failed at load 60).
        var (code, output, _) = await WrenCli.Capture(Args("timed", "--time", "10s"));
        Assert.Equal(0, code);
        var first = StepLine().Match(output);
        Assert.True(first.Success, output);
        Assert.Equal("1", first.Groups[1].Value);
        Assert.Equal("~", first.Groups[2].Value);
        Assert.True(long.Parse(first.Groups[3].Value, CultureInfo.InvariantCulture) < 1_000_000, first.Value);
        Assert.True(double.Parse(first.Groups[4].Value, CultureInfo.InvariantCulture) > 1e-6, first.Value);
    }
}
