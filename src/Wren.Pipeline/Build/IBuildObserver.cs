using Wren.Pipeline.Build.Events;

namespace Wren.Pipeline.Build;

/// <summary>
/// What a build tells the person running it, as data: the CLI renders it on a console, tests record it,
/// code that runs builds passes <see cref="NullBuildObserver"/>. Called from the build's thread, except
/// <see cref="Stopping"/>, which comes from the thread that saw the cancellation.
/// </summary>
public interface IBuildObserver
{
    /// <summary>Progress of one long piece of work inside a stage.</summary>
    IProgressScope BeginProgress();

    /// <param name="number">1-based position of the stage in the build.</param>
    void StageStarting(int number, int count, string name, string description);

    /// <summary>The stage's inputs and outputs are as recorded: nothing ran.</summary>
    void StageSkipped(StageRecord record);

    void StageFinished(StageRecord record);

    /// <summary>What a stage found or made, for the person to read (tables, figures, samples).</summary>
    void Reported(BuildEvent buildEvent);

    /// <summary>Something worth knowing that changes nothing (a task left out for lack of data).</summary>
    void Note(string message);

    /// <summary>A problem that does not stop the build (a plot that could not be drawn).</summary>
    void Warning(string message);

    /// <summary>The build was cancelled; <paramref name="stage"/> is the stage recorded as cancelled, if one was running.</summary>
    void Stopping(string? stage);
}
