using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Wren.Cli.Tests;

/// <summary>
/// <c>wren generate --greedy --json</c> built for linux-arm64 and run under qemu (so its 128-bit AdvSimd and SDOT kernels
/// run) gives, for every prompt of the transformers reference fixtures, the ids this x64 process gives.
/// </summary>
public sealed class GenerateCommandArm64Tests
{
    [QemuArm64Fact]
    public async Task GreedyIdsOfTheLinuxArm64BuildEqualTheX64OnesForEveryReferencePrompt()
    {
        foreach (string name in new[] { "tiny-llama", "tiny-qwen2" })
        {
            string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", name);
            using var reference = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(model, "ref_outputs.json")));
            foreach (var prompt in reference.RootElement.GetProperty("prompts").EnumerateArray())
            {
                string text = prompt.GetProperty("text").GetString()!;
                string[] arguments = ["generate", "--model", model, "--prompt", text, "--max-tokens", "24", "--greedy", "--json", "--threads", "1"];
                int[] x64 = Ids(await RunHere(arguments));
                int[] arm64 = Ids(await RunArm64(arguments));
                Assert.NotEmpty(x64);
                Assert.True(x64.SequenceEqual(arm64), $"{name} \"{text}\": x64 [{string.Join(' ', x64)}], linux-arm64 [{string.Join(' ', arm64)}]");
            }
        }
    }

    private static int[] Ids(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
    }

    private static async Task<string> RunHere(string[] arguments)
    {
        var run = await WrenCli.Capture(arguments);
        Assert.True(run.ExitCode == 0, $"x64 wren exited {run.ExitCode}: {run.Error}");
        return run.Out;
    }

    private static async Task<string> RunArm64(string[] arguments)
    {
        string wren = Environment.GetEnvironmentVariable("WREN_ARM64_WREN")!;
        var start = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? new ProcessStartInfo(wren) : new ProcessStartInfo(QemuArm64FactAttribute.Emulator!);
        if (RuntimeInformation.ProcessArchitecture != Architecture.Arm64)
        {
            start.ArgumentList.Add("-L");
            start.ArgumentList.Add("/usr/aarch64-linux-gnu");
            start.ArgumentList.Add(wren);
        }

        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"; // no arm64 ICU here
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // .NET's W^X mapping of JIT code misbehaves under qemu-user
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"linux-arm64 wren exited {process.ExitCode}: {await stderr}");
        return stdout;
    }
}
