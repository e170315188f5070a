using System.Globalization;

namespace Wren.Pipeline.Explore;

/// <summary>One column's running statistics.</summary>
internal sealed class ColumnState(string name)
{
    public string Name { get; } = name;

    public long Filled { get; private set; }

    public long Numbers { get; private set; }

    public long Dates { get; private set; }

    public long Questions { get; private set; }

    public double Length { get; private set; }

    public Dictionary<string, long> Values { get; } = new(StringComparer.Ordinal);

    public bool Capped { get; private set; }

    public string? FirstDate { get; private set; }

    public string? LastDate { get; private set; }

    public void Add(string? value, bool number)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        value = value.Trim();
        Filled++;
        Length += value.Length;
        if (number || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) Numbers++;
        else if (value.Length is >= 8 and <= 40 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            Dates++;
            string day = date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (FirstDate is null || string.CompareOrdinal(day, FirstDate) < 0) FirstDate = day;
            if (LastDate is null || string.CompareOrdinal(day, LastDate) > 0) LastDate = day;
        }
        if (value.EndsWith('?')) Questions++;
        if (Capped) return;
        if (Values.TryGetValue(value, out long n)) Values[value] = n + 1;
        else if (Values.Count < TableState.DistinctCap) Values[value] = 1;
        else Capped = true;
    }

    public double MeanLength => Filled == 0 ? 0 : Length / Filled;

    public void Merge(ColumnState other)
    {
        Filled += other.Filled;
        Numbers += other.Numbers;
        Dates += other.Dates;
        Questions += other.Questions;
        Length += other.Length;
        Capped |= other.Capped;
        if (string.CompareOrdinal(other.FirstDate, FirstDate) < 0 || FirstDate is null) FirstDate = other.FirstDate ?? FirstDate;
        if (string.CompareOrdinal(other.LastDate, LastDate) > 0) LastDate = other.LastDate;
        foreach (var (value, n) in other.Values)
        {
            if (Capped) break;
            if (Values.TryGetValue(value, out long m)) Values[value] = m + n;
            else if (Values.Count < TableState.DistinctCap) Values[value] = n;
            else Capped = true;
        }
    }
}
