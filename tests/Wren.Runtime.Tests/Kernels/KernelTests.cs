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
    // .NET 10 switches AVX-512 off as one group (EnableAVX512); EnableAVX512F is the .NET 8/9 spelling.
    // Both are set so the child really runs without it on an AVX-512 machine (checked on a Xeon with AVX-512).
    [InlineData("DOTNET_EnableAVX512F,DOTNET_EnableAVX512", "Vector512=False")]
    [InlineData("DOTNET_EnableAVX2", "Vector256=False")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Vector256=False")]
    public async Task KernelsPassWithInstructionSetsSwitchedOff(string variables, string expectedState)
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
        foreach (string variable in variables.Split(','))
        {
            start.Environment[variable] = "0";
        }
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
