namespace Wren.Data.Tasks;

/// <summary>What the builder does with a label that has fewer examples than the minimum.</summary>
public enum RareLabelPolicy
{
    /// <summary>Stop with an error that names the labels and their counts (the default: the user decides).</summary>
    Refuse,

    /// <summary>Leave their examples out.</summary>
    Drop,

    /// <summary>Merge them into one label (<see cref="TaskBuildOptions.OtherLabel"/>).</summary>
    Other,
}
