using System.Diagnostics;
using System.Globalization;

namespace Wren.Bench.Runtime;

/// <summary>
/// <see cref="KernelFigures"/> at every vector width in turn, each in a child process of this bench with the wider
/// vectors switched off (DOTNET_EnableAVX512=0 for 256 bits; DOTNET_PreferredVectorBitWidth=128 for 128 bits, which keeps
/// FMA as ARM64's NEON has it), the three runs alternated over several rounds and the best kept. Prints each figure per
/// width and the 128-bit path's rate per lane over the wider paths' (1.00 = it does as much per float lane).
/// </summary>
internal static class KernelWidthSweep
{
    private static readonly (string Name, string[] Settings)[] Widths =
    [
        ("Vector512", []),
        ("Vector256", ["DOTNET_EnableAVX512=0", "DOTNET_EnableAVX512F=0"]),
        ("Vector128", ["DOTNET_PreferredVectorBitWidth=128"]),
    ];

    public static void Run(int rounds)
    {
        var best = Widths.Select(_ => new Dictionary<string, double>()).ToArray();
        var paths = new string[Widths.Length];
        var order = new List<string>();
        for (int round = 0; round < rounds; round++)
        {
            for (int j = 0; j < Widths.Length; j++)
            {
                int w = round % 2 == 0 ? j : Widths.Length - 1 - j;
                foreach (var (name, value) in Child(Widths[w].Settings))
                {
                    if (name == "path") { paths[w] = value; continue; }
                    double v = double.Parse(value, CultureInfo.InvariantCulture);
                    if (!order.Contains(name)) order.Add(name);
                    best[w][name] = Math.Max(best[w].GetValueOrDefault(name), v);
                }
            }
        }

        Console.WriteLine($"Kernel rates per vector width, one thread, operands in cache, best of {rounds} alternating rounds (paths the children ran: {string.Join(", ", paths)}).");
        Console.WriteLine("| kernel (unit) | Vector512 | Vector256 | Vector128 | 128 per lane / 256 per lane | 128 per lane / 512 per lane |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (string name in order)
        {
            double r512 = best[0][name], r256 = best[1][name], r128 = best[2][name];
            Console.WriteLine($"| {name} | {r512:F2} | {r256:F2} | {r128:F2} | {r128 / 4 / (r256 / 8):F2} | {r128 / 4 / (r512 / 16):F2} |");
        }
    }

    private static IEnumerable<(string Name, string Value)> Child(string[] settings)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(KernelWidthSweep).Assembly.Location);
        start.ArgumentList.Add("--kernel-figures");
        foreach (string setting in settings)
        {
            string[] pair = setting.Split('=');
            start.Environment[pair[0]] = pair[1];
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"the kernel figures child ({string.Join(' ', settings)}) exited {process.ExitCode}");
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = line.LastIndexOf('=');
            if (eq > 0) yield return (line[..eq], line[(eq + 1)..]);
        }
    }
}
