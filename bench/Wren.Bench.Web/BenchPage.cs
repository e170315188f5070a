using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

namespace Wren.Bench.Web;

/// <summary>
/// Serves a folder on loopback (with or without COOP/COEP), opens a bench page in headless Chromium and waits
/// for the JSON the page posts to /result; counts the bytes served, which is what a first visit downloads.
/// </summary>
internal static class BenchPage
{
    public static async Task<(JsonElement Result, long BytesServed)> RunAsync(IBrowser browser, string root, string query, bool isolated, TimeSpan timeout)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var result = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        long served = 0;
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext c;
                try { c = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                try
                {
                    if (c.Request.HttpMethod == "POST")
                    {
                        using var reader = new StreamReader(c.Request.InputStream);
                        result.TrySetResult(JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone());
                        continue;
                    }
                    string file = Path.Combine(root, Uri.UnescapeDataString(c.Request.Url!.AbsolutePath).TrimStart('/'));
                    if (!File.Exists(file)) { c.Response.StatusCode = 404; continue; }
                    c.Response.ContentType = Path.GetExtension(file) switch { ".html" => "text/html", ".js" or ".mjs" => "text/javascript", ".wasm" => "application/wasm", ".json" => "application/json", _ => "application/octet-stream" };
                    if (isolated)
                    {
                        c.Response.AddHeader("Cross-Origin-Opener-Policy", "same-origin");
                        c.Response.AddHeader("Cross-Origin-Embedder-Policy", "require-corp");
                    }
                    byte[] body = await File.ReadAllBytesAsync(file);
                    Interlocked.Add(ref served, body.Length);
                    c.Response.ContentLength64 = body.Length;
                    await c.Response.OutputStream.WriteAsync(body);
                }
                catch (Exception e) when (e is HttpListenerException or IOException) { }
                finally { try { c.Response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { } }
            }
        });
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{port}/{query}");
        var done = await Task.WhenAny(result.Task, Task.Delay(timeout));
        await context.CloseAsync();
        listener.Stop();
        if (done != result.Task) throw new TimeoutException($"{query}: no result within {timeout.TotalSeconds:F0} s");
        return (result.Task.Result, Interlocked.Read(ref served));
    }
}
