using System.Reflection;

namespace Wren.Cli.Commands;

/// <summary>
/// How to start this same Wren on another machine (a Slurm node): the command, before its arguments.
/// </summary>
internal static class WrenExecutable
{
    /// <summary>
    /// The running <c>wren</c> apphost or single-file binary as it is; under <c>dotnet wren.dll</c>,
    /// <c>dotnet run</c> or a host such as a test runner, the <c>dotnet</c> host and this assembly's path.
    /// </summary>
    public static IReadOnlyList<string> Command()
    {
        string? process = Environment.ProcessPath;
        string assembly = typeof(Program).Assembly.Location;
        bool weAreTheEntry = Assembly.GetEntryAssembly() == typeof(Program).Assembly;
        if (process is not null && (assembly.Length == 0 || (weAreTheEntry && !IsDotnetHost(process))))
        {
            // A single-file binary has no assembly path; an apphost runs itself.
            return [process];
        }
        string host = process is not null && IsDotnetHost(process) ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk ? fromSdk
            : "dotnet";
        return [host, assembly];
    }

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
