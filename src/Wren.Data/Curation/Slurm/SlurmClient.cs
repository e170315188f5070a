using System.ComponentModel;
using System.Diagnostics;
using Wren.Runtime;

namespace Wren.Data.Curation.Slurm;

/// <summary>
/// Slurm's own command-line tools (<c>sbatch</c>, <c>squeue</c>, <c>scancel</c>, <c>sacct</c>), run as
/// child processes: they are Slurm's stable interface, and every cluster has them on the login node.
/// </summary>
internal static class SlurmClient
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new WrenException($"{tool}: could not be started");
        }
        catch (Win32Exception e)
        {
            throw new WrenException($"--executor slurm: '{tool}' could not be run ({e.Message}); run on a Slurm login node, or install Slurm's client tools (Debian: slurm-client)", e);
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, output, error.GetAwaiter().GetResult());
        }
    }

    /// <summary>Runs the tool and returns its standard output; a non-zero exit is an error naming the command.</summary>
    public static string Check(string tool, IReadOnlyList<string> arguments)
    {
        var result = Run(tool, arguments);
        if (result.ExitCode != 0)
        {
            throw new WrenException($"{tool} {string.Join(' ', arguments)}: exit {result.ExitCode}: {result.Error.Trim()}");
        }
        return result.Output;
    }
}
