namespace Wren.Data.Curation.Pipeline;

/// <summary>
/// Named counts a step keeps beside keep/drop (lines removed per rule, PII found per type,
/// languages seen). One instance per step per task, so no locking; merged in task order.
/// </summary>
public sealed class StepCounters
{
    public SortedDictionary<string, long> Values { get; } = new(StringComparer.Ordinal);

    public void Add(string name, long amount = 1)
    {
        if (amount == 0)
        {
            return;
        }
        Values[name] = Values.TryGetValue(name, out long current) ? current + amount : amount;
    }
}
