using System.Globalization;
using Spectre.Console;
using Wren.Data.Curation.Quality;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren quality train</c> prints: the examples, the held-out precision and recall, where the model went.</summary>
internal static class QualityView
{
    public static void Trained(IAnsiConsole console, QualityTraining trained, string modelPath)
    {
        var c = CultureInfo.InvariantCulture;
        var metrics = trained.Metrics;
        var table = new Table().AddColumns("examples", "good", "bad", "held out", "precision", "recall", "accuracy");
        table.AddRow((trained.Good + trained.Bad).ToString(c), trained.Good.ToString(c), trained.Bad.ToString(c),
            metrics.Count.ToString(c), metrics.Precision.ToString("0.000", c), metrics.Recall.ToString("0.000", c), metrics.Accuracy.ToString("0.000", c));
        console.Write(table);
        console.MarkupLine($"Wrote [bold]{Markup.Escape(modelPath)}[/]; use it with quality_model.model in the curation recipe.");
    }
}
