using System.Runtime.InteropServices;

namespace Wren.Cli.Tests;

/// <summary>
/// A fact that needs the linux-arm64 build of <c>wren</c> and qemu to run it: skipped, with the reason, unless
/// WREN_ARM64_WREN names that build (scripts/arm64-qemu.sh publishes it and sets it) and qemu-aarch64-static and the
/// arm64 C library (/usr/aarch64-linux-gnu) are installed; on an ARM64 machine the build runs natively instead.
/// </summary>
public sealed class QemuArm64FactAttribute : FactAttribute
{
    public QemuArm64FactAttribute()
    {
        string? wren = Environment.GetEnvironmentVariable("WREN_ARM64_WREN");
        if (string.IsNullOrEmpty(wren) || !File.Exists(wren))
            Skip = "WREN_ARM64_WREN does not name a linux-arm64 build of wren (scripts/arm64-qemu.sh publishes one and runs this test)";
        else if (RuntimeInformation.ProcessArchitecture != Architecture.Arm64 && (Emulator is null || !Directory.Exists("/usr/aarch64-linux-gnu")))
            Skip = "qemu-aarch64-static or /usr/aarch64-linux-gnu is missing (apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)";
    }

    /// <summary>qemu-aarch64-static on the PATH, or null.</summary>
    public static string? Emulator =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "qemu-aarch64-static")).FirstOrDefault(File.Exists);
}
