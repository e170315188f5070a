namespace Wren.Training.Model;

/// <summary>One named tensor inside a <see cref="ParameterSet"/>: where it lives and whether weight decay applies.</summary>
public sealed record ParameterTensor(string Name, int[] Shape, int Offset, int Length, bool Decay);
