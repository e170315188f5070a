using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wren.Runtime.Tests.Kernels;

namespace Wren.Runtime.Tests;

/// <summary>
/// Entry point of the test assembly when started as a program: <c>dotnet Wren.Runtime.Tests.dll kernel-checks</c>
/// runs the kernel checks in this process (the tests start it with AVX-512 or all intrinsics switched off)
/// and exits with the number of failures; <c>run-tests</c> runs the whole suite in this process (how the linux-arm64 build
/// runs under qemu, see <see cref="InProcessTestRunner"/>). Under the test runner this Main is not used.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "kernel-checks")
        {
            Console.WriteLine($"Widest={Wren.Runtime.Kernels.KernelPaths.Widest} Sgemm={Wren.Runtime.Kernels.Sgemm.PathName} Vector512={Vector512.IsHardwareAccelerated} Vector256={Vector256.IsHardwareAccelerated} Vector128={Vector128.IsHardwareAccelerated} Avx2={Avx2.IsSupported} Fma={Fma.IsSupported} Avx512F={Avx512F.IsSupported} AdvSimd={System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported} Dp={System.Runtime.Intrinsics.Arm.Dp.IsSupported} AvxVnni={AvxVnni.IsSupported}");
            var failures = KernelChecks.RunAll();
            foreach (var f in failures) Console.WriteLine("FAIL " + f);
            Console.WriteLine($"{failures.Count} failures");
            return Math.Min(failures.Count, 100);
        }

        if (args.Length >= 1 && args[0] == "run-tests")
        {
            // run-tests [--exclude DISPLAY-NAME-PREFIX]...: the suite in this process (linux-arm64 under qemu).
            var excluded = new List<string>();
            for (int i = 1; i + 1 < args.Length; i += 2)
            {
                if (args[i] != "--exclude") break;
                excluded.Add(args[i + 1]);
            }

            return InProcessTestRunner.Run(excluded);
        }

        Console.Error.WriteLine("usage: Wren.Runtime.Tests kernel-checks | run-tests [--exclude PREFIX]...");
        return 2;
    }
}
