namespace Wren.Runtime.Kernels.Operators;

/// <summary>Argument checks the drivers share.</summary>
internal static class DriverChecks
{
    /// <summary>
    /// A destination may be an input itself (in place) or apart from it, not shifted against it: the drivers compute their
    /// last, overlapping vector before the loop, which would read elements the loop has already written.
    /// </summary>
    public static void NotShifted(ReadOnlySpan<float> input, ReadOnlySpan<float> destination)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
            throw new ArgumentException($"the destination overlaps an input shifted by {offset} elements", nameof(destination));
    }
}
