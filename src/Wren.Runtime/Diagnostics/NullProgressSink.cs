namespace Wren.Runtime.Diagnostics;

/// <summary>Discards progress; for tests, servers and library callers that do not show any.</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static readonly NullProgressSink Instance = new();

    public IProgressTask Begin(string description, double? total, string unit) => NullTask.Instance;

    private sealed class NullTask : IProgressTask
    {
        public static readonly NullTask Instance = new();

        public void Increment(double amount) { }

        public void SetTotal(double total) { }

        public void SetStatus(string status) { }

        public void Dispose() { }
    }
}
