using System.Globalization;
using Wren.Eval.Reports;

namespace Wren.Eval.Classification;

/// <summary>The plain sentence under every task table: does the task model beat the best baseline, by how much, or does the baseline win.</summary>
public static class TaskVerdict
{
    /// <summary>Within this many points of accuracy the two are called a tie.</summary>
    public const double TiePoints = 0.05;

    public static bool ModelWins(double modelAccuracy, double baselineAccuracy) => (modelAccuracy - baselineAccuracy) * 100 > TiePoints;

    public static bool BaselineWins(double modelAccuracy, double baselineAccuracy) => (baselineAccuracy - modelAccuracy) * 100 > TiePoints;

    public static VerdictOutcome Outcome(double modelAccuracy, double baselineAccuracy) =>
        ModelWins(modelAccuracy, baselineAccuracy) ? VerdictOutcome.ModelWins
        : BaselineWins(modelAccuracy, baselineAccuracy) ? VerdictOutcome.BaselineWins
        : VerdictOutcome.Tie;

    public static string Say(double modelAccuracy, string baseline, double baselineAccuracy)
    {
        var c = CultureInfo.InvariantCulture;
        double points = (modelAccuracy - baselineAccuracy) * 100;
        return Outcome(modelAccuracy, baselineAccuracy) switch
        {
            VerdictOutcome.ModelWins => string.Create(c, $"The task model wins: accuracy {modelAccuracy:P1}, {points:F1} points above the best baseline, {baseline} ({baselineAccuracy:P1})."),
            VerdictOutcome.Tie => string.Create(c, $"A tie: the task model and {baseline} both reach {baselineAccuracy:P1} accuracy."),
            _ => string.Create(c, $"The baseline wins: {baseline} reaches {baselineAccuracy:P1} accuracy, {-points:F1} points above the task model ({modelAccuracy:P1}). Use the baseline, or give the model more data or time."),
        };
    }
}
