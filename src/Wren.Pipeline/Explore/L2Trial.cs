namespace Wren.Pipeline.Explore;

/// <summary>One L2 strength of the baseline's grid and its cross-validated accuracy.</summary>
public sealed record L2Trial(float L2, double Accuracy);
