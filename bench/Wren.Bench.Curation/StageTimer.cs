using System.Diagnostics;
using Wren.Runtime.Diagnostics;

namespace Wren.Bench.Curation;

/// <summary>A progress sink that records how long each pipeline stage ran (the executor opens one bar per stage).</summary>
internal sealed class StageTimer : IProgressSink
{
    public List<(string Stage, double Seconds)> Stages { get; } = [];

    public IProgressTask Begin(string description, double? total, string unit) => new Bar(this, description, Stopwatch.GetTimestamp());

    private sealed class Bar(StageTimer owner, string description, long start) : IProgressTask
    {
        public void Increment(double amount)
        {
        }

        public void SetTotal(double total)
        {
        }

        public void SetStatus(string status)
        {
        }

        public void Dispose() => owner.Stages.Add((description.Replace("curate: ", ""), Stopwatch.GetElapsedTime(start).TotalSeconds));
    }
}
