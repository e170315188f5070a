namespace Wren.Data.Tasks;

/// <summary>
/// An example as a builder makes it, before duplicates, rare labels and splits are dealt with: the input, its
/// label, where it came from, and the group it must share a split with (a thread of mail, a customer's tickets;
/// by default its own source).
/// </summary>
public sealed record TaskCandidate(string Input, string Label, string Source, string Group);
