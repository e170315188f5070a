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
    [InlineData("DOTNET_EnableAVX512F=0,DOTNET_EnableAVX512=0", "Vector512=False")]
    // AVX2 without AVX-VNNI: the K-quant row kernels' vpmaddwd accumulation instead of vpdpwssd.
    [InlineData("DOTNET_EnableAVX512F=0,DOTNET_EnableAVX512=0,DOTNET_EnableAVXVNNI=0", "AvxVnni=False")]
    // Without AVX2 (and so without FMA in .NET 10's grouping) the widest path is 128 bits: SSE/AVX as a pre-2013 x86 has it.
    [InlineData("DOTNET_EnableAVX512F=0,DOTNET_EnableAVX512=0,DOTNET_EnableAVX2=0", "Widest=Vector128")]
    // 128-bit vectors with FMA: the shape of ARM64's NEON on this machine (and the setting the 128-bit bench uses).
    [InlineData("DOTNET_PreferredVectorBitWidth=128", "Widest=Vector128")]
    [InlineData("DOTNET_EnableHWIntrinsic=0", "Widest=Scalar")]
    public async Task KernelsPassWithInstructionSetsSwitchedOff(string variables, string expectedState)
    {
        var start = ChildProcess();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add("kernel-checks");
        foreach (string setting in variables.Split(','))
        {
            string[] pair = setting.Split('=');
            start.Environment[pair[0]] = pair[1];
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

    /// <summary>
    /// This test assembly started again: through the dotnet host under <c>dotnet test</c>; as itself when it runs as the
    /// self-contained app (InProcessTestRunner), behind WREN_TEST_EMULATOR when that names one (the linux-arm64 build runs
    /// under "qemu-aarch64-static -L /usr/aarch64-linux-gnu", and its children must too).
    /// </summary>
    private static ProcessStartInfo ChildProcess()
    {
        if (InProcessTestRunner.IsRunning)
        {
            string self = Path.Combine(AppContext.BaseDirectory, typeof(KernelChecks).Assembly.GetName().Name!);
            string[] emulator = (Environment.GetEnvironmentVariable("WREN_TEST_EMULATOR") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (emulator.Length == 0) return new ProcessStartInfo(self);
            var emulated = new ProcessStartInfo(emulator[0]);
            foreach (string argument in emulator.Skip(1)) emulated.ArgumentList.Add(argument);
            emulated.ArgumentList.Add(self);
            return emulated;
        }

        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(typeof(KernelChecks).Assembly.Location);
        return start;
    }
}
