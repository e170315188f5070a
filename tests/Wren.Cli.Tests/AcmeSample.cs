namespace Wren.Cli.Tests;

/// <summary>The bundled sample, <c>samples/acme</c>, found above the test assembly (beside <c>Wren.slnx</c>).</summary>
internal static class AcmeSample
{
    public static string Folder
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "acme");
                if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")) && Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InvalidOperationException("samples/acme not found above the test assembly");
        }
    }
}
