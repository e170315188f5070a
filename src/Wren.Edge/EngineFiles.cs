namespace Wren.Edge;

/// <summary>Paths of the engine's files on this machine (from <see cref="EdgeEngine.Resolve"/>).</summary>
public sealed record EngineFiles(
    string WllamaModule,
    string WllamaWasm,
    string WllamaEmscriptenScript,
    string WllamaWorkerScript,
    string TokenizersModule,
    string JinjaModule,
    IReadOnlyList<(string Name, string Path)> Licences);
