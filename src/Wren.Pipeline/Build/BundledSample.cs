using Wren.Pipeline.Build.Recipe;
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

    /// <summary>Whether a source folder is the bundled sample (a folder samples/acme with its mail/).</summary>
    public static bool Is(string source) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)).EndsWith(Path.DirectorySeparatorChar + RelativePath, StringComparison.Ordinal)
        && Directory.Exists(Path.Combine(source, "mail"));

    /// <summary>
    /// The sample's task: route its mail to the mailing list it came from, by content. The labels are the messages'
    /// own List-Id headers, as an organization's mail carries them; the header, list footers and list tags are taken
    /// out of the inputs; lists with fewer than ten messages are left out; two minutes of training (and half that for
    /// each point of the learning curve) on the build's threads.
    /// </summary>
    public static TaskSection Task(string sample) => new()
    {
        Name = "route-mail",
        From = "mail-headers",
        Sources = [Path.Combine(sample, "mail")],
        LabelHeader = "List-Id",
        Rare = "drop",
        MinPerLabel = 10,
        Test = 0.25,
        Minutes = 2,
    };

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
