using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Cli.Tests.Run;

/// <summary>
/// <c>wren-run serve</c> in its own process (natively, or under qemu for linux-arm64), ready once it prints its
/// "serving NAME at URL" line; killed when disposed.
/// </summary>
internal sealed partial class ServingProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error;

    private ServingProcess(Process process, StringBuilder error, Uri address)
    {
        _process = process;
        _error = error;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What the server wrote on stderr so far.</summary>
    public string Error
    {
        get
        {
            lock (_error) return _error.ToString();
        }
    }

    public static async Task<ServingProcess> StartAsync(string rid, IEnumerable<string> arguments, TimeSpan startUp)
    {
        var start = WrenRunBuild.StartInfo(rid, Path.Combine(WrenRunBuild.Directory(rid)!, "wren-run"), ["serve", .. arguments, "--port", "0"]);
        var process = Process.Start(start)!;
        var error = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new Xunit.Sdk.XunitException($"wren-run serve ({rid}) ended before it listened:\n{error}"));
                return;
            }
            lock (error) error.AppendLine(e.Data);
            if (ServingLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            return new ServingProcess(process, error, await listening.Task.WaitAsync(startUp));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Finds the address in wren's own serving line, which <see cref="WrenServe"/> reads too.</summary>
    [GeneratedRegex(@"^serving .+ at (http://\S+) \(")]
    internal static partial Regex ServingLine();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
