using System.Diagnostics;

namespace Wren.Cli.Tests.Curation;

/// <summary>The one-node Slurm cluster that ./test.sh starts as root; tests that need it fail (never skip) without it.</summary>
internal static class SlurmCluster
{
    public static void Require()
    {
        string why;
        try
        {
            var start = new ProcessStartInfo("sinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "--noheader", "--Node", "--format=%N %T" })
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0 && output.Split('\n').Any(l => l.EndsWith(" idle", StringComparison.Ordinal) || l.EndsWith(" mixed", StringComparison.Ordinal) || l.EndsWith(" allocated", StringComparison.Ordinal)))
            {
                return;
            }
            why = $"sinfo exit {process.ExitCode}: {output.Trim()} {error.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"sinfo cannot be run ({e.Message})";
        }
        Assert.Fail($"Slurm is not available ({why}). These tests need a running cluster: run './test.sh' as root, " +
            "which installs Debian's slurm-wlm and munge and starts munged, slurmctld and slurmd on localhost.");
    }
}
