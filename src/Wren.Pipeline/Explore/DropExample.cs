namespace Wren.Pipeline.Explore;

/// <summary>A dropped document: the step and rule, where it came from, and an excerpt with PII masked.</summary>
public sealed record DropExample(string Rule, string Source, string Excerpt);
