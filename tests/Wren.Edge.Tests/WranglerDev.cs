using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wren.Edge.Tests;

/// <summary>
/// <c>wrangler dev</c> on an exported worker project: wrangler bundles it as for an upload and runs it in
/// workerd, Cloudflare's runtime, on loopback. Stopped (the whole process group) on dispose.
/// </summary>
internal sealed class WranglerDev : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WranglerDev(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<WranglerDev> StartAsync(string project)
    {
        int port = FreePort();
        var start = Start(EdgePeers.Wrangler(), project, "dev", "--ip", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--inspector-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-level", "log");
        var process = Process.Start(start)!;
        var dev = new WranglerDev(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (dev._log) dev._log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (dev._log) dev._log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited) throw new InvalidOperationException($"wrangler dev exited with {process.ExitCode}:\n{dev.Log}");
            try
            {
                using var response = await http.GetAsync(new Uri(dev.Address, "/v1/models"));
                if (response.StatusCode == HttpStatusCode.OK) return dev;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(500);
        }
        dev.Dispose();
        throw new TimeoutException($"wrangler dev did not answer within 120 s:\n{dev.Log}");
    }

    /// <summary>Runs a wrangler command to the end (e.g. r2 object put --local); throws with its output on failure.</summary>
    public static void Run(string project, params string[] arguments)
    {
        using var process = Process.Start(Start(EdgePeers.Wrangler(), project, arguments))!;
        string output = process.StandardOutput.ReadToEndAsync().GetAwaiter().GetResult() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(120_000)) { process.Kill(entireProcessTree: true); throw new TimeoutException("wrangler " + string.Join(' ', arguments)); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrangler {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
    }

    private static ProcessStartInfo Start(string wrangler, string project, params string[] arguments)
    {
        var start = new ProcessStartInfo(wrangler) { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        // No telemetry and no update checks: the tests run without the internet.
        start.Environment["WRANGLER_SEND_METRICS"] = "false";
        start.Environment["CI"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(project, ".wrangler-config");
        return start;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
