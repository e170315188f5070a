using System.Globalization;
using Wren.Runtime;

namespace Wren.Training.Trainer;

/// <summary>A training time budget as people write it: <c>90s</c>, <c>10m</c>, <c>1.5h</c> or a <see cref="TimeSpan"/> (<c>00:30:00</c>).</summary>
public static class TrainingDuration
{
    /// <summary>The positive duration <paramref name="text"/> says; anything else is an error naming <c>--time</c> and the value.</summary>
    public static TimeSpan Parse(string text)
    {
        text = text.Trim().ToLowerInvariant();
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new WrenException($"--time '{text}' is not a duration (examples: 90s, 10m, 1.5h, 00:30:00)");
    }
}
