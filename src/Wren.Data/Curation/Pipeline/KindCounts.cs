namespace Wren.Data.Curation.Pipeline;

/// <summary>Documents of one source kind that reached a step and that it kept.</summary>
public sealed class KindCounts
{
    public long In { get; set; }

    public long Kept { get; set; }
}
