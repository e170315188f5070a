using Spectre.Console.Testing;
using Wren.Cli.Terminal;

namespace Wren.Cli.Tests.Run;

/// <summary><c>wren serve</c> run in this process, as a user runs it (the command line, Prometheus and all), until disposed.</summary>
internal sealed class WrenServe : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;

    private WrenServe(CancellationTokenSource stop, Task<int> run, Uri address)
    {
        _stop = stop;
        _run = run;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<WrenServe> StartAsync(params string[] arguments)
    {
        var stderr = new TestConsole().Width(400);
        var stop = new CancellationTokenSource();
        var parse = Program.CreateRoot(new CliConsole(new TestConsole(), stderr, TextReader.Null)).Parse(["serve", .. arguments, "--port", "0"]);
        var run = parse.InvokeAsync(cancellationToken: stop.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (run.IsCompleted) throw new Xunit.Sdk.XunitException($"wren serve ended ({await run}) before it listened:\n{stderr.Output}");
            foreach (string line in stderr.Output.Split('\n'))
                if (ServingProcess.ServingLine().Match(line.TrimEnd()) is { Success: true } m) return new WrenServe(stop, run, new Uri(m.Groups[1].Value));
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        throw new Xunit.Sdk.XunitException("wren serve did not listen within a minute:\n" + stderr.Output);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Assert.Equal(0, await _run);
        _stop.Dispose();
    }
}
