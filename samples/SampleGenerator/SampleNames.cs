namespace Wren.Samples.Generator;

/// <summary>File names for the sample, derived from corpus names.</summary>
public static class SampleNames
{
    /// <summary><c>1934_franklin_d_roosevelt_d</c> becomes <c>1934-franklin-d-roosevelt</c> (the party suffix is dropped).</summary>
    public static string FromSpeechStem(string stem)
    {
        string[] parts = stem.Split('_');
        return string.Join('-', parts[..^1]);
    }
}
