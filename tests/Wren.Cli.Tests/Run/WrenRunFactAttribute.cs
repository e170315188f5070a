using System.Runtime.InteropServices;

namespace Wren.Cli.Tests.Run;

/// <summary>
/// A fact that needs the NativeAOT builds of wren-run and libwren for <c>Rid</c> (scripts/wren-run.sh publishes them into
/// WREN_RUN_DIR; ./test.sh does so before the suite), plus qemu for linux-arm64 on another machine and, with
/// <see cref="NeedsCCompiler"/>, the C compiler that builds the C example for that RID. Skipped with the reason otherwise.
/// </summary>
public sealed class WrenRunFactAttribute : FactAttribute
{
    public WrenRunFactAttribute(string rid, bool needsCCompiler = false)
    {
        if (WrenRunBuild.Directory(rid) is null)
            Skip = $"WREN_RUN_DIR does not hold the {rid} builds of wren-run and libwren.so (./test.sh publishes them with scripts/wren-run.sh and sets it)";
        else if (WrenRunBuild.NeedsEmulator(rid) && (WrenRunBuild.Emulator is null || !System.IO.Directory.Exists("/usr/aarch64-linux-gnu")))
            Skip = "qemu-aarch64-static or /usr/aarch64-linux-gnu is missing (apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)";
        else if (needsCCompiler && WrenRunBuild.CCompiler(rid) is null)
            Skip = $"no C compiler for {rid} on the PATH ({WrenRunBuild.CCompilerName(rid)}; ./test.sh installs it as root: apt-get install {(rid == "linux-arm64" && RuntimeInformation.ProcessArchitecture != Architecture.Arm64 ? "gcc-aarch64-linux-gnu libc6-dev-arm64-cross" : "gcc")})";
    }
}
