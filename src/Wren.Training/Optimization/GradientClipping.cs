using Wren.Training.Model;

namespace Wren.Training.Optimization;

/// <summary>Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_: scale all gradients by max / (norm + 1e-6) when that is below 1.</summary>
public static class GradientClipping
{
    /// <summary>The L2 norm of every gradient together, summed in a fixed order in double precision.</summary>
    public static double GlobalNorm(ParameterSet parameters)
    {
        var g = parameters.Gradients.Span;
        double sum = 0;
        for (int i = 0; i < g.Length; i++) sum += (double)g[i] * g[i];
        return Math.Sqrt(sum);
    }

    /// <summary>Clips to <paramref name="maxNorm"/> (no clipping when it is not positive); returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm(ParameterSet parameters, double maxNorm)
    {
        double norm = GlobalNorm(parameters);
        if (maxNorm > 0 && double.IsFinite(norm))
        {
            double coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1)
            {
                float c = (float)coefficient;
                var g = parameters.Gradients.Span;
                for (int i = 0; i < g.Length; i++) g[i] *= c;
            }
        }

        return norm;
    }
}
