using Wren.Runtime.Diagnostics;

namespace Wren.Data.Tests.Sources;

/// <summary>Records what a run reports: the announced total and the sum of increments.</summary>
internal sealed class RecordingProgressSink : IProgressSink, IProgressTask
{
    private double _done;

    public double? Total { get; private set; }

    public double Done => Volatile.Read(ref _done);

    public string? Unit { get; private set; }

    public IProgressTask Begin(string description, double? total, string unit)
    {
        Total = total;
        Unit = unit;
        return this;
    }

    public void Increment(double amount)
    {
        double initial, updated;
        do
        {
            initial = Volatile.Read(ref _done);
            updated = initial + amount;
        }
        while (Interlocked.CompareExchange(ref _done, updated, initial) != initial);
    }

    public void SetTotal(double total) => Total = total;

    public void SetStatus(string status)
    {
    }

    public void Dispose()
    {
    }
}
