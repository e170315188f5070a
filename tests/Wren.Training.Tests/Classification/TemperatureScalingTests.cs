using Wren.Training.Classification;
using Wren.Training.Model;

namespace Wren.Training.Tests.Classification;

public sealed class TemperatureScalingTests
{
    [Fact]
    public void TheFittedTemperatureUndoesAnOverconfidentScale()
    {
        // Labels drawn from softmax(z); the classifier reports 3 z, so the best temperature is about 3.
        var random = new SeededRandom(4);
        var scores = new List<double[]>();
        var gold = new List<int>();
        for (int n = 0; n < 4000; n++)
        {
            var z = new double[3];
            for (int i = 0; i < 3; i++) z[i] = random.NextDouble() * 4;
            double sum = z.Sum(Math.Exp), u = random.NextDouble() * sum, acc = 0;
            int label = 2;
            for (int i = 0; i < 3; i++)
            {
                acc += Math.Exp(z[i]);
                if (u < acc)
                {
                    label = i;
                    break;
                }
            }

            scores.Add(z.Select(x => 3 * x).ToArray());
            gold.Add(label);
        }

        double t = TemperatureScaling.Fit(scores, gold);
        Assert.InRange(t, 2.6, 3.4);
        Assert.True(TemperatureScaling.Nll(scores, gold, t) < TemperatureScaling.Nll(scores, gold, 1));
    }
}
