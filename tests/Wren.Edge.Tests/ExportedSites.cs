using Wren.Edge.Npm;
using Wren.Edge.Web;
using Wren.Export.Gguf;

namespace Wren.Edge.Tests;

/// <summary>The two reference models exported as web sites once for the class: tiny-llama in F32, tiny-qwen2 in Q8_0.</summary>
public sealed class ExportedSites : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wren-web-").FullName;
    private readonly Dictionary<string, WebExportResult> _sites = [];

    public WebExportResult Site(string model, GgufExportType type)
    {
        string key = model + "-" + type;
        lock (_sites)
        {
            if (!_sites.TryGetValue(key, out var site))
            {
                var store = new NpmPackageStore(EdgePeers.NodeModules());
                site = WebSiteExporter.Export(new WebExportOptions { ModelDirectory = TestModels.Folder(model), OutputDirectory = Path.Combine(_root, key), Type = type }, store);
                _sites[key] = site;
            }
            return site;
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
