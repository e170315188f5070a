using Wren.Pipeline.Build.Events;
using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Build;

/// <summary>Shows nothing: for builds run from code.</summary>
public sealed class NullBuildObserver : IBuildObserver
{
    public static readonly NullBuildObserver Instance = new();

    public IProgressScope BeginProgress() => NullScope.Instance;

    public void StageStarting(int number, int count, string name, string description) { }

    public void StageSkipped(StageRecord record) { }

    public void StageFinished(StageRecord record) { }

    public void Reported(BuildEvent buildEvent) { }

    public void Note(string message) { }

    public void Warning(string message) { }

    public void Stopping(string? stage) { }

    private sealed class NullScope : IProgressScope
    {
        public static readonly NullScope Instance = new();

        public IProgressTask Begin(string description, double? total, string unit) => NullProgressSink.Instance.Begin(description, total, unit);

        public void Dispose() { }
    }
}
