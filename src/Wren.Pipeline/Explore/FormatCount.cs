namespace Wren.Pipeline.Explore;

/// <summary>Documents, UTF-8 bytes and words of one format (the reader's name: email, pdf, csv...).</summary>
public sealed record FormatCount(string Format, long Documents, long Bytes, long Words);
