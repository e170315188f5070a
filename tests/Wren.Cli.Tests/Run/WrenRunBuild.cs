using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Wren.Cli.Tests.Run;

/// <summary>The published NativeAOT builds of one RID (wren-run, libwren.so) and how to run and link against them here.</summary>
internal static class WrenRunBuild
{
    /// <summary>WREN_RUN_DIR/RID when it holds both builds, else null.</summary>
    public static string? Directory(string rid)
    {
        string? root = Environment.GetEnvironmentVariable("WREN_RUN_DIR");
        if (string.IsNullOrEmpty(root)) return null;
        string dir = Path.GetFullPath(Path.Combine(root, rid));
        return File.Exists(Path.Combine(dir, "wren-run")) && File.Exists(Path.Combine(dir, "libwren.so")) ? dir : null;
    }

    /// <summary>qemu-aarch64-static on the PATH, or null.</summary>
    public static string? Emulator =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "qemu-aarch64-static")).FirstOrDefault(File.Exists);

    public static bool NeedsEmulator(string rid) => rid == "linux-arm64" && RuntimeInformation.ProcessArchitecture != Architecture.Arm64;

    public static string CCompilerName(string rid) => NeedsEmulator(rid) ? "aarch64-linux-gnu-gcc" : "cc";

    /// <summary>The compiler that builds C for <paramref name="rid"/> on this machine, or null when it is not installed.</summary>
    public static string? CCompiler(string rid) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, CCompilerName(rid))).FirstOrDefault(File.Exists);

    /// <summary>Compiles src/Wren.Native/example/wren_example.c against libwren.so of <paramref name="rid"/> into a temporary folder.</summary>
    public static async Task<string> CompileExample(string rid, string outputFolder)
    {
        string repository = RepositoryRoot();
        string dir = Directory(rid)!;
        string program = Path.Combine(outputFolder, "wren_example");
        var run = await Run(CCompiler(rid)!, ["-O2", "-Wall", "-Wextra", "-Werror", "-I", Path.Combine(repository, "src", "Wren.Native", "include"),
            Path.Combine(repository, "src", "Wren.Native", "example", "wren_example.c"), "-L", dir, "-lwren", "-Wl,-rpath," + dir, "-o", program], emulate: false);
        Assert.True(run.ExitCode == 0, $"{CCompilerName(rid)} failed ({run.ExitCode}): {run.Error}");
        return program;
    }

    /// <summary>Runs a program built for <paramref name="rid"/>: natively, or under qemu (invariant globalization: no arm64 ICU here).</summary>
    public static Task<CliRun> RunFor(string rid, string program, IEnumerable<string> arguments, string? input = null) =>
        Run(program, arguments, NeedsEmulator(rid), input);

    private static async Task<CliRun> Run(string program, IEnumerable<string> arguments, bool emulate, string? input = null)
    {
        var start = StartInfo(program, arguments, emulate);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, stdout, await stderr);
    }

    /// <summary>How to start <paramref name="program"/> built for <paramref name="rid"/> with stdout and stderr redirected: natively, or under qemu.</summary>
    public static ProcessStartInfo StartInfo(string rid, string program, IEnumerable<string> arguments) => StartInfo(program, arguments, NeedsEmulator(rid));

    private static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, bool emulate)
    {
        var start = new ProcessStartInfo(emulate ? Emulator! : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (emulate)
        {
            start.ArgumentList.Add("-L");
            start.ArgumentList.Add("/usr/aarch64-linux-gnu");
            start.ArgumentList.Add(program);
            start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        }
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>The repository: the folder above the test assembly that holds Wren.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("no Wren.slnx above " + AppContext.BaseDirectory);
    }
}
