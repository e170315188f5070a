namespace Wren.Runtime.Generation;

/// <summary>
/// Finds stop strings in streamed text. Text that could be the start of a stop string is held back until
/// it either completes the stop string (then it and everything after are dropped) or can no longer match
/// (then it is released), so a client never sees part of a stop string.
/// </summary>
public sealed class StopStringMatcher
{
    private readonly string[] _stops;
    private readonly int _longest;
    private string _held = "";

    public StopStringMatcher(IEnumerable<string>? stops)
    {
        _stops = stops?.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray() ?? [];
        _longest = _stops.Length == 0 ? 0 : _stops.Max(s => s.Length);
    }

    /// <summary>True once a stop string was found; later input is ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The stop string that matched, if any.</summary>
    public string? MatchedStop { get; private set; }

    /// <summary>Adds text; returns the part that is safe to emit now.</summary>
    public string Append(string text)
    {
        if (Stopped || text.Length == 0) return "";
        if (_stops.Length == 0) return text;
        string all = _held + text;
        int earliest = -1;
        foreach (string stop in _stops)
        {
            int at = all.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (earliest < 0 || at < earliest))
            {
                earliest = at;
                MatchedStop = stop;
            }
        }
        if (earliest >= 0)
        {
            Stopped = true;
            _held = "";
            return all[..earliest];
        }
        int hold = HeldSuffixLength(all);
        _held = all[^hold..];
        return all[..^hold];
    }

    /// <summary>Releases held text at the end of generation (no stop string completed it).</summary>
    public string Flush()
    {
        string held = Stopped ? "" : _held;
        _held = "";
        return held;
    }

    // The longest suffix of the text that is a proper prefix of some stop string.
    private int HeldSuffixLength(string all)
    {
        int max = Math.Min(all.Length, _longest - 1);
        for (int n = max; n > 0; n--)
        {
            ReadOnlySpan<char> suffix = all.AsSpan(all.Length - n);
            foreach (string stop in _stops)
            {
                if (stop.Length > n && stop.AsSpan().StartsWith(suffix, StringComparison.Ordinal)) return n;
            }
        }
        return 0;
    }
}
