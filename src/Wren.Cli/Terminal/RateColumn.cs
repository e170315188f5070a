using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Wren.Cli.Terminal;

/// <summary>A progress bar's rate in its own unit (MB/s for bytes, steps/s, docs/s): Spectre's TransferSpeedColumn counts everything as bytes.</summary>
internal sealed class RateColumn : ProgressColumn
{
    // By task id: Spectre's per-task state holds value types only.
    private readonly ConcurrentDictionary<int, string> _units = new();

    /// <summary>The unit a task counts in (<see cref="Wren.Runtime.Diagnostics.IProgressSink.Begin"/>'s).</summary>
    public void SetUnit(ProgressTask task, string unit) => _units[task.Id] = unit;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        if (task.Speed is not { } speed) return Text.Empty;
        string unit = _units.GetValueOrDefault(task.Id, "");
        string rate = unit == "B"
            ? (speed / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB/s"
            : speed.ToString(speed >= 100 ? "N0" : "F1", CultureInfo.InvariantCulture) + " " + unit + "/s";
        return new Text(rate, new Style(Color.Grey));
    }
}
