using Spectre.Console.Testing;
using Wren.Cli.Terminal;
using Wren.Pipeline.Build;
using Wren.Pipeline.Build.Events;
using Wren.Training.Trainer;

namespace Wren.Cli.Tests.Terminal;

public sealed class ConsoleBuildObserverTests
{
    private readonly TestConsole _out = new TestConsole().Width(160);
    private readonly TestConsole _error = new TestConsole().Width(160);

    private ConsoleBuildObserver Observer() => new(new CliConsole(_out, _error, TextReader.Null));

    private static StepReport Step(long step, double? validation) =>
        new(step, 40, TrainLoss: 3.25, LearningRate: 1e-3, GradientNorm: 0.5, TokensPerSecond: 1000, ModelFlopsUtilization: 0,
            Elapsed: TimeSpan.FromSeconds(5), Remaining: TimeSpan.FromSeconds(30), ValidationLoss: validation);

    [Fact]
    public void AStageShowsItsNumberNameAndWhatItDoesThenHowLongItTook()
    {
        var observer = Observer();
        observer.StageStarting(3, 8, "tokenizer", "train a byte-level BPE tokenizer");
        observer.StageFinished(new StageRecord { Name = "tokenizer", Status = StageStatus.Done, Seconds = 1.25 });
        Assert.Contains("3/8 tokenizer", _out.Output);
        Assert.Contains("train a byte-level BPE tokenizer", _out.Output);
        Assert.Contains("done in 1.2 s", _out.Output);
    }

    [Fact]
    public void ASkippedStageSaysItIsUpToDate()
    {
        Observer().StageSkipped(new StageRecord { Name = "curate", Status = StageStatus.Skipped, CompletedUtc = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) });
        Assert.Contains("up to date", _out.Output);
        Assert.Contains("2026-01-02 03:04:05Z", _out.Output);
    }

    [Fact]
    public void OnlyEvaluationStepsGetALineOfTheirOwn()
    {
        var observer = Observer();
        observer.Reported(new TrainingStepFinished(Step(7, null)));
        Assert.Equal("", _out.Output);
        observer.Reported(new TrainingStepFinished(Step(8, 3.5)));
        Assert.Contains("val 3.5000", _out.Output);
        Assert.Contains("loss 3.2500", _out.Output);
    }

    [Fact]
    public void ACancelledBuildSaysOnStderrHowToResume()
    {
        Observer().Stopping("train");
        Assert.Equal("", _out.Output);
        Assert.Contains("stopping in stage train; run the same command again to resume", _error.Output);
    }

    [Fact]
    public void NotesAndWarningsAreMarkedAndTheirTextIsNotReadAsMarkup()
    {
        var observer = Observer();
        observer.Note("no held-out documents [raise it]");
        observer.Warning("could not render loss.png");
        Assert.Contains("note: no held-out documents [raise it]", _out.Output);
        Assert.Contains("warning: could not render loss.png", _out.Output);
    }
}
