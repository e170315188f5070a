namespace Wren.Pipeline.Explore;

/// <summary>An input that could not be read, with the reader's reason.</summary>
public sealed record UnreadableFile(string File, string Error);
