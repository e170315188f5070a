using Wren.Export.Gguf;

namespace Wren.Pipeline.Build.Events;

/// <summary>One GGUF file of the export stage.</summary>
public sealed record GgufWritten(GgufExportResult Result, GgufExportType Type) : BuildEvent;
