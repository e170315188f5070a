namespace Wren.Pipeline.Explore;

/// <summary>A PII finding in context, every finding in the context replaced by its placeholder.</summary>
public sealed record PiiExample(string Type, string Source, string Masked);
