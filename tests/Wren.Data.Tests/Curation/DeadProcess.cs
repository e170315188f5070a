namespace Wren.Data.Tests.Curation;

/// <summary>A process id that belonged to a process that has exited: the writer of a leftover file.</summary>
internal static class DeadProcess
{
    public static int Id()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
