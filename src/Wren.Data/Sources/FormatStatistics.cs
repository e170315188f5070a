namespace Wren.Data.Sources;

/// <summary>What one input format contributed to a run. Archive entries and e-mail attachments count under
/// their own format; <see cref="Bytes"/> is the size of the inputs of that format.</summary>
public sealed record FormatStatistics(string Format, long Files, long Documents, long Bytes, long Errors);
