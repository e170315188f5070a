using System.Diagnostics;

namespace Wren.Runtime.Tests.Kernels;

/// <summary>Kernels against their scalar references, here and in child processes with fewer instruction sets.</summary>
public sealed class KernelTests
{
    [Fact]
    public void EveryKernelPathMatchesItsScalarReference()
    {
        var failures = KernelChecks.RunAll();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Theory]
    [InlineData("DOTNET_EnableAVX512F", "Vector512=False")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Vector256=False")]
    public async Task KernelsPassWithInstructionSetsSwitchedOff(string variable, string expectedState)
    {
        string assembly = typeof(KernelChecks).Assembly.Location;
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("kernel-checks");
        start.Environment[variable] = "0";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        string errors = await stderr;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}{Environment.NewLine}{output}{errors}");
        Assert.Contains(expectedState, output);
        Assert.Contains("0 failures", output);
    }
}
