using System.Net;
using System.Net.Sockets;

namespace Wren.Edge.Tests;

/// <summary>
/// A static file server on loopback, as a static host or CDN serves the exported site: files by path,
/// index.html for folders, and (when asked) the COOP/COEP headers that make the page cross-origin isolated.
/// </summary>
internal sealed class StaticSite : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly bool _isolated;
    private readonly Task _loop;

    public StaticSite(string root, bool crossOriginIsolated)
    {
        _root = Path.GetFullPath(root);
        _isolated = crossOriginIsolated;
        int port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            string path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
            string file = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
            if (Directory.Exists(file)) file = Path.Combine(file, "index.html");
            if (!file.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(file))
            {
                response.StatusCode = 404;
                return;
            }
            response.ContentType = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" or ".mjs" => "text/javascript",
                ".wasm" => "application/wasm",
                ".json" => "application/json",
                _ => "application/octet-stream",
            };
            if (_isolated)
            {
                response.AddHeader("Cross-Origin-Opener-Policy", "same-origin");
                response.AddHeader("Cross-Origin-Embedder-Policy", "require-corp");
            }
            byte[] body = File.ReadAllBytes(file);
            response.ContentLength64 = body.Length;
            response.OutputStream.Write(body);
        }
        catch (Exception e) when (e is HttpListenerException or IOException)
        {
            // The browser went away mid-response.
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_listener.IsListening) return;
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
