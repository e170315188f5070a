using Wren.Runtime;

namespace Wren.Pipeline.Build;

/// <summary>
/// Finds <c>samples/acme</c>, the sample organization <c>wren build</c> runs on without sources: searched
/// upwards from the current folder (a user in a clone, with <c>dotnet run --project src/Wren.Cli</c>) and then
/// from the executable's folder (bin/Release/net10.0 sits inside the clone).
/// </summary>
public static class BundledSample
{
    public static readonly string RelativePath = Path.Combine("samples", "acme");

    public static string Find() => TryFind(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
        ?? throw new WrenException(
            $"no SOURCE given and the bundled sample ({RelativePath}) is not in {Directory.GetCurrentDirectory()}, " +
            $"{AppContext.BaseDirectory} or a folder above them; name your data (wren build DATA_FOLDER --out DIR) or run from a clone of the Wren repository");

    public static string? TryFind(params string[] startFolders)
    {
        foreach (string start in startFolders)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, RelativePath);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
